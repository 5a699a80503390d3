"""Helpers the tests and the benchmarks share: real terminals, seeded histories, kills."""
