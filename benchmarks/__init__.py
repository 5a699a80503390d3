"""Benchmarks of lowback against its anchors, and a fault-injection run: `python -m benchmarks`."""
