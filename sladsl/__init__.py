"""sladsl: service level agreements as code.

One ``.sla`` file is the contract text, the executable checkers and the published docs.
The public API is small and named like the json module::

    import sladsl
    spec = sladsl.load("specs/cloud-platform.sla")   # a checked sladsl.model.Spec
"""

from .api import analyse, analyse_file, load, loads
from .errors import (
    Diagnostic,
    SlaDataError,
    SlaError,
    SlaSemanticError,
    SlaSyntaxError,
    SlaUsageError,
    Span,
)
from .model import Spec

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "SlaDataError",
    "SlaError",
    "SlaSemanticError",
    "SlaSyntaxError",
    "SlaUsageError",
    "Span",
    "Spec",
    "analyse",
    "analyse_file",
    "load",
    "loads",
    "__version__",
]
