"""Exchange of catalogue records with other systems (CSV; MARC and Dublin Core later)."""
