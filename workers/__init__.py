"""Celery workers: the app, thin tasks, and the pure digitisation pipeline."""
