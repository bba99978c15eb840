"""Keeping Meilisearch in step with the database, and answering searches with access control."""
