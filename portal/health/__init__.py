"""Health of every component the portal depends on, for /healthz and `pustaka health`."""
