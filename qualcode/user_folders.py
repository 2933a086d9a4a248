"""The user's own folders for qualcode: preferences (config) and caches, each movable by a variable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal


def user_folder(kind: Literal["config", "cache"], variable: str) -> Path:
    """$variable when set, else platformdirs' user config or cache folder for qualcode."""
    explicit = os.environ.get(variable, "").strip()
    if explicit:
        return Path(explicit)
    import platformdirs  # only when no folder is given: tests and benches give theirs

    return platformdirs.user_config_path("qualcode") if kind == "config" else platformdirs.user_cache_path("qualcode")
