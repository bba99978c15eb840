"""The Django project: settings, URLs, and the web, API and command-line edges."""
