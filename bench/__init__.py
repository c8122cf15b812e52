"""Benchmarks of quote extraction: ``python -m bench.run`` (``make bench``) writes bench/results.md."""
