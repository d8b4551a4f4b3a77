"""Benchmarks: the measurements behind the project's defaults, each runnable as a module."""
