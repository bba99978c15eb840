"""Adapters: each external tool the pipeline runs sits behind exactly one module here."""
