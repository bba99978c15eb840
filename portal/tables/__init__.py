"""Tables out of publications: downloads (XLSX, CSV), the JSON API, the staff editor."""
