"""Speaker labels after import: list them, rename one (a Teams display name to I), and say who a
generic label (Informant, IP, Deltaker ...) stands for in each document."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotFound, QualcodeError
from .ingest.turns import is_generic_participant, is_interviewer
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


def check_participant_label(label: str, what: str = "participant") -> str:
    """A participant's label: not empty, no colon, neither the interviewer nor a generic label."""
    label = label.strip()
    if not label or ":" in label or "\n" in label:
        raise QualcodeError(f"bad {what} label {label!r}")
    if is_interviewer(label):
        raise QualcodeError(f"{label} is the interviewer's label, never a participant")
    if is_generic_participant(label):
        raise QualcodeError(f"{label} says no more than 'the participant': name who it is (K3, Kari ...)")
    return label


def import_naming(conn: sqlite3.Connection, participant: str | None,
                  participants_csv: Path | str | None) -> dict[str, Any]:
    """The import settings that name the documents' participants: the option, the CSV's
    document column, and the labels a file name may start with. Reads, never writes."""
    document_participants: dict[str, str] = {}
    known = set(store.labels(conn))
    if participants_csv:
        from .ingest.encoding import read_text_file
        from .participants import participant_rows  # participants imports this module

        path = Path(participants_csv)
        rows = participant_rows(read_text_file(path), path)
        document_participants = store.document_participants(rows)
        known |= {row["label"] for row in rows}
    return {
        "participant": check_participant_label(participant) if participant else None,
        "document_participants": document_participants,
        "participants_source": Path(participants_csv).name if participants_csv else "",
        "known_participants": tuple(sorted(k for k in known if not is_generic_participant(k))),
    }


def rename_speaker(conn: sqlite3.Connection, coder: str, old: str, new: str, document: str | None = None) -> int:
    """Give the turns of one speaker another label (the text keeps what was typed); returns the turns.

    The new label links to its participant (made if needed, unless it is the interviewer). A generic
    label (Informant) renamed to a participant (K3) keeps its label and becomes that document's
    participant. A participant that no turn uses any more goes."""
    new = new.strip()
    if not new or ":" in new:
        raise QualcodeError(f"bad speaker label {new!r}")
    document_id = document_store.id_and_length(conn, document)[0] if document else None
    turns = store.turns_of_speaker(conn, old, document_id)
    if not turns:
        known = ", ".join(store.speaker_labels(conn, document_id)[:12])
        raise NotFound(f"no speaker {old!r}" + (f" in {document}" if document else "")
                       + (f" (speakers: {known})" if known else ""))
    naming = is_generic_participant(old) and not is_interviewer(new) and not is_generic_participant(new)
    documents = sorted({document_of for _, document_of, _ in turns})
    if naming and document_id is None and len(documents) > 1:
        first = document_store.label_of(conn, documents[0])
        raise QualcodeError(f"{old} is the participant of each of the {len(documents)} documents it is in; "
                            f"name it one document at a time (--document {first} --rename {old} {new})")
    ids = store.ids_by_label(conn)
    summary = (f"{old} in {document or 'every document'} is participant {new}" if naming
               else f"speaker {old} is {new}" + (f" in {document}" if document else ""))
    with audited(conn, coder, "rename speaker", summary) as w:
        if is_interviewer(new):
            new_participant = None
        elif is_generic_participant(new):
            new_participant = None  # each turn takes its own document's participant, below
        else:
            new_participant = ids.get(new.casefold()) or w.insert("participants", {"label": new})
        for turn_id, document_of, _ in turns:
            participant = new_participant
            if is_generic_participant(new):
                participant = store.document_participant_id(conn, document_of)
            values: dict[str, Any] = {"participant_id": participant}
            if not naming:
                values["speaker"] = new
            w.update("turns", turn_id, values)
        store.drop_if_unused(conn, w, {pid for _, _, pid in turns if pid is not None})
    return len(turns)
