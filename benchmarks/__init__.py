"""Benchmarks of issue 11: a synthetic report generator (`benchmarks.synth`) and the scripts that measure
ingest and answers at 100 / 1,000 / 10,000 reports (`python -m benchmarks`, `make bench`)."""
