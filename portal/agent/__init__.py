"""The scanner agent API (/api/v1/stations, batches, scan jobs) and its OpenAPI schema."""
