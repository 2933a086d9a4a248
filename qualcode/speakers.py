"""Speaker labels after import: list them, and rename one (a Teams display name to I or K3)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .errors import NotFound, QualcodeError
from .ingest.turns import is_interviewer
from .store import documents as document_store
from .store import participants as store
from .store.changes import audited


@dataclass(frozen=True)
class Speaker:
    label: str
    documents: int
    turns: int
    participant: str | None


def all_speakers(conn: sqlite3.Connection) -> list[Speaker]:
    return [Speaker(*row) for row in store.speakers(conn)]


def rename_speaker(conn: sqlite3.Connection, coder: str, old: str, new: str, document: str | None = None) -> int:
    """Give the turns of one speaker another label (the text keeps what was typed); returns the turns.

    The new label links to its participant (made if needed, unless it is the interviewer); a
    participant that only the old label had made goes."""
    new = new.strip()
    if not new or ":" in new:
        raise QualcodeError(f"bad speaker label {new!r}")
    document_id = document_store.id_and_length(conn, document)[0] if document else None
    turn_ids = store.turn_ids_of_speaker(conn, old, document_id)
    if not turn_ids:
        raise NotFound(f"no speaker {old!r}" + (f" in {document}" if document else ""))
    ids = store.ids_by_label(conn)
    old_participant = ids.get(old.casefold())
    with audited(conn, coder, "rename speaker", f"speaker {old} is {new}" + (f" in {document}" if document else "")) as w:
        new_participant = ids.get(new.casefold())
        if new_participant is None and not is_interviewer(new):
            new_participant = w.insert("participants", {"label": new})
        for turn_id in turn_ids:
            w.update("turns", turn_id, {"speaker": new, "participant_id": new_participant})
        if old_participant and old_participant != new_participant and store.unused_participant(conn, old_participant):
            w.delete("participants", old_participant)
    return len(turn_ids)
