"""The participants (informants) of a project, their attributes, and the speaker labels of the turns."""

from __future__ import annotations

import builtins
from pathlib import Path

from .errors import QualcodeError
from .models import Participant
from .speakers import Speaker, all_speakers, rename_speaker
from .stc.context import Context
from .store import participants as store


class Participants:
    def __init__(self, context: Context) -> None:
        self._context = context

    def list(self) -> builtins.list[Participant]:
        return store.all_participants(self._context.conn)

    def import_csv(self, csv_path: Path | str) -> int:
        """Participants and their attributes from a CSV whose first column (or `label`) is the label."""
        from .ingest.encoding import read_text_file

        path = Path(csv_path)
        rows = participant_rows(read_text_file(path), path)
        return store.upsert_with_attributes(self._context.conn, self._context.coder, rows, path.name)

    def speakers(self) -> builtins.list[Speaker]:
        return all_speakers(self._context.conn)

    def rename_speaker(self, old: str, new: str, *, document: str | None = None) -> int:
        """Give speaker OLD's turns the label NEW (in one document, or everywhere); returns the turns."""
        return rename_speaker(self._context.conn, self._context.coder, old, new, document)


def participant_rows(text: str, path: Path) -> list[dict[str, str]]:
    from .ingest.tables import csv_rows

    rows_in = csv_rows(text, name=path.name)
    if not rows_in:
        raise QualcodeError(f"{path}: empty participants file")
    header = [h.strip() for h in rows_in[0]]
    if not header or not header[0]:
        raise QualcodeError(f"{path}: the first row must name the columns (label, then attributes)")
    label_column = next((i for i, h in enumerate(header) if h.lower() in ("label", "participant", "id")), 0)
    rows = []
    for number, values in enumerate(rows_in[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise QualcodeError(f"{path}: line {number} has {len(values)} fields, the header has {len(header)}")
        label = values[label_column].strip()
        if not label:
            raise QualcodeError(f"{path}: line {number} has no participant label")
        row = {"label": label}
        row.update({h: v.strip() for i, (h, v) in enumerate(zip(header, values, strict=True))
                    if i != label_column and h})
        rows.append(row)
    if not rows:
        raise QualcodeError(f"{path}: no participants below the header")
    return rows
