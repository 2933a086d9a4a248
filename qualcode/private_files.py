"""Files a researcher exports: created private (0600) and whole, or not at all.

Each is written to a temporary file in the target folder (so the final rename stays on one disk),
flushed to disk, then renamed into place; on any failure the temporary file goes and the error is one
line. An export of interview quotes is as sensitive as the project it comes from.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import QualcodeError


def write_private(path: Path, write: Callable[[Path], None]) -> Path:
    """Call write(temporary path), then move the finished file to path; returns path."""
    path = Path(path)
    if not path.parent.is_dir():
        raise QualcodeError(f"folder {path.parent} does not exist")
    try:
        handle, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise QualcodeError(_explain(exc, path)) from None
    temporary = Path(temporary_name)
    os.close(handle)  # mkstemp made it 0600; the writer opens it by name
    failure: str | None = None
    previous_hook = sys.unraisablehook
    try:
        write(temporary)
        os.chmod(temporary, 0o600)  # a library may have replaced the file while saving
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        failure = _explain(exc, path)
        # the error's frames hold the writer's half-closed files (python-docx's zip on a full disk); they
        # fail again as they go, when this block ends: the user gets one line, not 'Exception ignored'
        sys.unraisablehook = _ignore
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if failure is not None:
        try:
            gc.collect()
        finally:
            sys.unraisablehook = previous_hook
        temporary.unlink(missing_ok=True)
        raise QualcodeError(failure)
    return path


def _ignore(_unraisable: object) -> None:
    pass


def _explain(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: {path} was not written (nothing half-written was left)"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write {path} ({exc.strerror}); nothing was written"
    return f"cannot write {path} ({exc.strerror or exc}); nothing was written"
