"""sladsl: service level agreements as code."""

__version__ = "0.1.0"
