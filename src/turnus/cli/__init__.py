"""The ``turnus`` command. Each group of commands lives in its own module and registers on
``app``; this module only assembles them and turns errors into messages."""

from __future__ import annotations

from turnus.cli import bench as _bench  # noqa: F401  (registers bench curtois)
from turnus.cli import compare as _compare  # noqa: F401  (registers compare, staffing)
from turnus.cli import diagnose as _diagnose  # noqa: F401  (registers diagnose)
from turnus.cli import excel as _excel  # noqa: F401  (registers template, convert)
from turnus.cli import generate as _generate  # noqa: F401  (registers generate)
from turnus.cli import reroster as _reroster  # noqa: F401  (registers reroster, cover)
from turnus.cli import roster as _roster  # noqa: F401  (registers solve, check, schema)
from turnus.cli.app import app, main

__all__ = ["app", "main"]
