"""Writing outputs safely: to a temporary file beside the target, then moved into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from turnus.exceptions import OutputError


def check_target(target: Path, inputs: Iterable[Path] = ()) -> None:
    """Raise :class:`OutputError` now if ``target`` cannot be written, before a long solve."""
    target = Path(target)
    for source in inputs:
        if target.exists() and Path(source).exists() and target.samefile(source):
            raise OutputError(
                f"{target}: refusing to overwrite an input file; choose another name"
            )
    # os.replace would swap a read-only file away (and root ignores permissions): ask instead
    if target.is_file() and not target.stat().st_mode & 0o222:
        raise OutputError(
            f"{target}: the file is read-only; make it writable or choose another name"
        )
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the folder {target.parent} does not exist; create it first")


def atomic_write(target: Path, write: Callable[[Path], None], inputs: Iterable[Path] = ()) -> None:
    """Call ``write(tmp)`` and move ``tmp`` onto ``target``; never overwrite an input file."""
    target = Path(target)
    check_target(target, inputs)
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{target}: cannot write in {folder} ({error.strerror})") from None
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(_default_mode())  # mkstemp makes 0600; a roster is an ordinary file
        os.replace(tmp, target)
    except PermissionError:
        raise OutputError(
            f"{target}: cannot replace the file; is it open in another program or read-only?"
        ) from None
    except OSError as error:
        raise OutputError(f"{target}: cannot write ({error.strerror})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _default_mode() -> int:
    """0666 less the process umask, as ``open()`` would create a file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
