"""Staff reports: each figure is one table that feeds its chart, its HTML, CSV and XLSX."""
