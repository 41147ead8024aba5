"""Synthetic annual reports for load and tests: `python -m benchmarks.synth --out DIR --n N --seed S`."""

from benchmarks.synth.generate import Corpus, ManifestEntry, generate, load_manifest

__all__ = ["Corpus", "ManifestEntry", "generate", "load_manifest"]
