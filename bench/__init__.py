"""Benchmarks and synthetic test material for Pustaka: corpus generator, metrics, bad inputs."""
