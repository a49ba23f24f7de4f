"""One exit-code rule for every command, stated once here and shown in every ``--help``.

* 0: success.
* 1: the input was understood and found wanting: a spec with errors, bad measurement data, a
  missed objective with ``--fail-on-breach``, a weaker change with ``--fail-on-weaker``, a
  ``fmt --check`` difference, a failed worked example.
* 2: a usage error: an unknown option, a missing file, arguments that cannot work together,
  an output that cannot be written.
* 3: data missing for a period: the report was written but some period could not be judged.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from .errors import SlaError, SlaUsageError

OK = 0
WANTING = 1
USAGE = 2
INCOMPLETE = 3

#: The rule as ``--help`` shows it (click keeps the lines of a paragraph starting with \b).
HELP = ("\b\nExit codes: 0 success; 1 the input was understood and found wanting (spec errors,\n"
        "bad data, a missed objective with --fail-on-breach, a fmt --check difference);\n"
        "2 a usage error; 3 data missing for a period.")


def code_for(exc: SlaError) -> int:
    """The exit code of an error: a usage error is 2, anything found wrong in the input 1."""
    return USAGE if isinstance(exc, SlaUsageError) else WANTING


def fail(exc: SlaError) -> NoReturn:
    """Print the error's diagnostics to stderr and exit with its code."""
    import click

    click.echo(exc.render(), err=True)
    sys.exit(code_for(exc))
