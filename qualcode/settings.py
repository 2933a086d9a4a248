"""Who is working, and the project's settings keys."""

from __future__ import annotations

import getpass
import os

CODER_VARIABLE = "QUALCODE_CODER"
LANGUAGE = "language"
PIPELINE = "pipeline"  # name of an installed trained spaCy pipeline, or empty for blank + simplemma


def resolve_coder(explicit: str | None = None) -> str:
    """--coder NAME, else $QUALCODE_CODER, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    from_env = os.environ.get(CODER_VARIABLE, "").strip()
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
