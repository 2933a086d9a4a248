"""The TUI's preferences (theme, ...), kept between runs in the user's config folder.

Only preferences live here; the research data stays in the project file. The folder is platformdirs'
user config folder for qualcode (~/.config/qualcode on Linux), or $QUALCODE_CONFIG_DIR when set (tests,
a portable setup). A missing or unreadable file means the defaults, never a failed start.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from ..user_folders import user_folder

CONFIG_VARIABLE = "QUALCODE_CONFIG_DIR"
FILE_NAME = "tui.json"


@dataclass(frozen=True)
class Preferences:
    theme: str = "textual-dark"
    """A Textual theme name (ctrl+p, then 'theme'); light themes read as well as dark ones."""
    text_width: int = 110
    """The widest a transcript's text runs on a wide terminal, in columns (a readable line length)."""
    last_documents: dict[str, str] = field(default_factory=dict)
    """Per project file (its full path): the transcript read last, where steps 1 and 2 open next time."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Keys of your own: a binding's id (the README's key table names them) -> keys, e.g.
    {"units-next-unit": "j", "transcript-code": "c,enter"} (Textual's set_keymap)."""


def config_dir() -> Path:
    return user_folder("config", CONFIG_VARIABLE)


def load(folder: Path | None = None) -> Preferences:
    path = (folder or config_dir()) / FILE_NAME
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(stored, dict):
        return Preferences()
    defaults = Preferences()
    known = {}
    for entry in fields(Preferences):
        value = stored.get(entry.name)
        if isinstance(value, type(getattr(defaults, entry.name))):
            known[entry.name] = value
    for mapping in ("keymap", "last_documents"):
        if mapping in known:
            known[mapping] = {str(k): str(v) for k, v in known[mapping].items() if isinstance(v, str)}
    return replace(defaults, **known)


def save(preferences: Preferences, folder: Path | None = None) -> bool:
    """Write the preferences whole (a temporary file renamed into place); False if the folder is not writable."""
    folder = folder or config_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tui-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(preferences), out, indent=2)
        os.replace(temporary, folder / FILE_NAME)
    except OSError:
        return False
    return True
