"""Executable checkers: objectives evaluated on measurement data with DuckDB."""
