"""Bindings for the CSV exports of common ticket systems, named by ``--bindings NAME``."""
