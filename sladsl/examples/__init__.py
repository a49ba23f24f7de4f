"""Worked examples run as tests: ``sladsl test`` and the pytest plugin."""
