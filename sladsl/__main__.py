"""``python -m sladsl``: the same command line as ``sladsl``."""

from .cli import main

main(prog_name="sladsl")
