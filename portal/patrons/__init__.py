"""Sign-in, registration and the patron's own pages."""
