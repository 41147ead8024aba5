"""Builders of test inputs (bad files, encodings, merged-cell documents) made in `tmp_path`."""
