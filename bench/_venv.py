"""Run a benchmark with the project's own Python, whichever python3 started it.

Imported first by every bench script: `python3 bench/tui.py` with the system Python re-executes itself
with .venv/bin/python (relative to this checkout), where qualcode and its dependencies are installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
_MARK = "QUALCODE_BENCH_REEXEC"  # set before re-executing, so a venv that is not one cannot loop


def running_in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def use_project_python() -> None:
    if running_in_venv():
        return
    if not VENV_PYTHON.exists():
        sys.exit(f"{VENV_PYTHON} is missing: run `make install` (or `make bench`) in {REPO} first")
    if os.environ.get(_MARK):
        sys.exit(f"{VENV_PYTHON} did not start as the project's Python (sys.prefix is {sys.prefix})")
    os.environ[_MARK] = "1"
    sys.stdout.flush()
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.orig_argv[1:]])


use_project_python()
