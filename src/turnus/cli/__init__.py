"""The ``turnus`` command. Each group of commands lives in its own module and registers on
``app``; this module only assembles them and turns errors into messages."""

from __future__ import annotations

from turnus.cli import roster as _roster  # noqa: F401  (registers solve, check, schema)
from turnus.cli.app import app, main

__all__ = ["app", "main"]
