"""Package façades that import a name's module only when the name is used.

`bitext --help` must not pay for numpy, lxml or torch, yet `from bitext.align import align_sentences`
should work: each package lists its public names and where they live, and PEP 562's module
``__getattr__`` imports the module on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, api: dict[str, str]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: ``api`` maps each public name to the module that defines it."""

    def __getattr__(name: str) -> object:
        if name in api:
            return getattr(importlib.import_module(api[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
