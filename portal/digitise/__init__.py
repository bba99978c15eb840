"""Staff screens for digitisation jobs: upload, follow, download, retry."""
