"""Replace, correct, rename and delete a stored transcript; every unit, turn and theme source follows its words.

Each is one undoable change in the audit log, with the document's row images: an undo of a replace puts
the old text back, and every offset with it. A unit whose words were all deleted is never dropped: it stays,
collapsed to where its text was, with a review note, and the report lists it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codebook.edit import path_of
from ..errors import ImportRefused, QualcodeError
from ..ingest.turns import is_generic_participant, is_interviewer
from ..stc.context import Context
from ..store import participants as participant_store
from ..store import revision as store
from ..store.changes import Writer, audited
from ..wording import plural
from .align import Block, OffsetMap, align, has_words
from .sentences import NewSentence, resentence

LABEL_LIMIT = 200


@dataclass(frozen=True)
class UnitChange:
    """A unit whose text changed: where it was and what it held, where it is and what it holds now."""

    unit_id: int
    codes: tuple[str, ...]
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    gone: bool  # all its words were deleted: it is kept, collapsed to new_start, and flagged for review


@dataclass(frozen=True)
class RevisionReport:
    document: str
    summary: str
    changed: tuple[UnitChange, ...]  # every unit whose text changed, the gone ones too
    unchanged: int  # units whose text is as it was (they may have moved)
    sentences: int
    turns: int
    theme_sources_moved: int = 0

    @property
    def gone(self) -> tuple[UnitChange, ...]:
        return tuple(change for change in self.changed if change.gone)


@dataclass(frozen=True)
class DocumentContents:
    """What goes with a document when it is deleted."""

    label: str
    units: int
    codings: int
    memos: int
    condensate_links: int  # the units' places in condensates (as units they rest on, or as golden nugget)
    quotes: int  # the units' places among the syntheses' quotes


@dataclass(frozen=True)
class FlaggedUnit:
    unit_id: int
    document: str
    position: int
    review: str
    codes: tuple[str, ...] = field(default_factory=tuple)


class Revisions:
    """The document operations that change what is stored; project.documents hands them on."""

    def __init__(self, context: Context, trained: str | None) -> None:
        self._context = context
        self._trained = trained

    @property
    def _conn(self):
        return self._context.conn

    # replace: a corrected file, read through the import's readers
    def replace(self, label: str, path: Path | str, *, speaker_pattern: str | None = None) -> RevisionReport:
        from ..ingest import batch

        document = store.document_row(self._conn, label)
        path = Path(path)
        if not path.is_file():
            raise QualcodeError(f"no such file: {path}")
        try:
            sha = batch.file_sha256(path)
        except OSError as exc:
            raise QualcodeError(f"cannot read {path} ({exc.strerror})") from None
        if sha == document["sha256"]:
            raise QualcodeError(f"{path.name} is the very file {document['label']} was imported from; nothing changed")
        other = store.label_of_sha(self._conn, sha, document["id"])
        if other:
            raise QualcodeError(f"{path.name} is imported already, as {other}; nothing changed")
        if speaker_pattern:
            from ..ingest.turns import compile_speaker_pattern

            compile_speaker_pattern(speaker_pattern)
        settings = batch.ImportSettings(self._context.language, self._trained, speaker_pattern, document["kind"])
        prepared = batch.prepare(path, settings, sha, document["label"])
        if prepared.error:
            raise ImportRefused(f"{path.name}: {prepared.error}; nothing changed")
        new_text = prepared.document["text"]
        if new_text == document["text"]:
            raise QualcodeError(f"{path.name} holds the same text as {document['label']}; nothing changed")
        mapping = OffsetMap(document["text"], new_text, align(document["text"], new_text))
        turns = self._turns_from_file(document, mapping, prepared.turns)
        sentences = [NewSentence(s, e, lemmas) for s, e, lemmas in prepared.sentences]
        fields = {"text": new_text, "title": prepared.document["title"], "source_name": path.name, "sha256": sha,
                  "words": prepared.words}
        return self._rewrite(document, mapping, turns, sentences, fields, action="replace document",
                             summary=f"replace {document['label']} with {path.name}",
                             reason=f"its words were deleted when {document['label']} was replaced by {path.name}",
                             speakers=prepared.speakers)

    # correct: one passage edited in place
    def correct(self, label: str, start: int, end: int, new_text: str) -> RevisionReport:
        document = store.document_row(self._conn, label)
        text = document["text"]
        if not 0 <= start <= end <= len(text):
            raise QualcodeError(f"span {start}-{end} is outside {document['label']} (0-{len(text)})")
        new_text = _clean_passage(new_text)
        if text[start:end] == new_text:
            raise QualcodeError("the passage reads so already; nothing changed")
        corrected = text[:start] + new_text + text[end:]
        if not corrected.strip():
            raise QualcodeError(f"the correction would leave {document['label']} empty; delete the document instead")
        blocks = [Block("equal", 0, start, 0, start)] if start else []
        blocks += [Block(b.tag, b.a0 + start, b.a1 + start, b.b0 + start, b.b1 + start)
                   for b in align(text[start:end], new_text)]
        if end < len(text):
            blocks.append(Block("equal", end, len(text), start + len(new_text), len(corrected)))
        mapping = OffsetMap(text, corrected, blocks)
        turns = [self._carried_turn(turn, mapping) for turn in store.turn_rows(self._conn, document["id"])]
        label_ends = {t["start"]: t["body_start"] for t in turns}
        sentences = resentence(store.sentences_of(self._conn, document["id"]), mapping, label_ends,
                               self._context.language, self._trained)
        before, after = _short(text[start:end]), _short(new_text)
        summary = f"correct {document['label']}:{start}-{end} «{before}» → «{after}»"
        fields = {"text": corrected, "words": len(corrected.split())}
        return self._rewrite(document, mapping, turns, sentences, fields, action="correct document", summary=summary,
                             reason=f"its words were deleted by a correction of {document['label']}", speakers=[])

    # rename and delete
    def rename(self, label: str, new_label: str) -> str:
        document = store.document_row(self._conn, label)
        new_label = new_label.strip()
        if not new_label or len(new_label) > LABEL_LIMIT or any(unicodedata.category(c)[0] == "C" for c in new_label):
            raise QualcodeError(f"bad document label {new_label!r} (1-{LABEL_LIMIT} printable characters)")
        if new_label == document["label"]:
            raise QualcodeError(f"{document['label']} is called so already; nothing changed")
        taken = store.label_taken(self._conn, new_label, document["id"])
        if taken:
            raise QualcodeError(f"another document is labelled {taken!r} already; choose another label")
        summary = f"rename document {document['label']} to {new_label}"
        with audited(self._conn, self._context.coder, "rename document", summary) as writer:
            writer.update("documents", document["id"], {"label": new_label})
        return new_label

    def contents(self, label: str) -> DocumentContents:
        document = store.document_row(self._conn, label)
        rows = store.rows_of_document(self._conn, document["id"])
        return DocumentContents(document["label"], len(rows["units"]), len(rows["codings"]), len(rows["memos"]),
                                len(rows["condensate_units"]) + len(rows["golden"]), len(rows["synthesis_quotes"]))

    def delete(self, label: str) -> DocumentContents:
        """The document, its turns, sentences, units, codings and memos, in one undoable change."""
        import sqlite3

        document = store.document_row(self._conn, label)
        contents = self.contents(label)
        store.sentences_of(self._conn, document["id"])  # older sentences get their lemma keys, for the index
        rows = store.rows_of_document(self._conn, document["id"])
        participants = {t["participant_id"] for t in store.turn_rows(self._conn, document["id"]) if t["participant_id"]}
        summary = (f"delete document {document['label']} ({plural(contents.units, 'unit')}, "
                   f"{plural(contents.codings, 'coding')}, {plural(contents.memos, 'memo')})")
        try:
            with audited(self._conn, self._context.coder, "delete document", summary) as writer:
                for table in ("synthesis_quotes", "condensate_units"):
                    for row_id in rows[table]:
                        writer.delete(table, row_id)
                for row_id in rows["golden"]:
                    writer.update("condensates", row_id, {"golden_unit_id": None})
                for table in ("codings", "memos", "units", "theme_sources", "reading_status", "segments", "turns"):
                    for row_id in rows[table]:
                        writer.delete(table, row_id)
                writer.delete("documents", document["id"])
                participant_store.drop_if_unused(self._conn, writer, participants)
        except sqlite3.IntegrityError as exc:
            label = document["label"]
            raise QualcodeError(f"{label} cannot be deleted: other rows still point at it ({exc})") from None
        return contents

    # units flagged for review
    def flagged(self) -> list[FlaggedUnit]:
        return [FlaggedUnit(u.id, u.document, u.position, u.review, tuple(path_of(self._conn, c) for c in u.codes))
                for u in store.flagged_units(self._conn)]

    def clear_review(self, unit_id: int) -> None:
        exists, review = store.unit_review(self._conn, unit_id)
        if not exists:
            raise QualcodeError(f"no unit {unit_id}")
        if review is None:
            raise QualcodeError(f"unit {unit_id} is not flagged for review")
        with audited(self._conn, self._context.coder, "review unit", f"unit {unit_id} reviewed") as writer:
            writer.update("units", unit_id, {"review": None})

    # the shared core
    def _turns_from_file(self, document: dict[str, Any], mapping: OffsetMap,
                         read: Sequence[tuple[int, int, int, str, float | None, float | None]]) -> list[dict[str, Any]]:
        """The new file's turns; an old turn whose label reads as it did and starts where it went keeps its
        id, speaker and participant (a speaker renamed in qualcode stays renamed)."""
        old, new = mapping.old, mapping.new
        by_start: dict[int, list[dict[str, Any]]] = {}
        for turn in store.turn_rows(self._conn, document["id"]):
            by_start.setdefault(mapping.start(turn["start"]), []).append(turn)
        own = participant_store.document_participant_id(self._conn, document["id"])
        plan = []
        for start, end, body_start, speaker, time_start, time_end in read:
            label = new[start:body_start]
            candidates = [t for t in by_start.get(start, []) if old[t["start"]:t["body_start"]] == label]
            values: dict[str, Any] = {"start": start, "end": end, "body_start": body_start, "time_start": time_start,
                                      "time_end": time_end}
            if candidates:
                turn = candidates[0]
                by_start[start].remove(turn)
                plan.append({"id": turn["id"], **values})
            else:
                plan.append({"id": None, **values, "speaker": speaker,
                             "participant_id": own if is_generic_participant(speaker) else None})
        return plan

    @staticmethod
    def _carried_turn(turn: dict[str, Any], mapping: OffsetMap) -> dict[str, Any]:
        start = mapping.start(turn["start"])
        end = max(start, mapping.end(turn["end"]))
        body_start = min(max(start, mapping.start(turn["body_start"])), end)
        return {"id": turn["id"], "start": start, "end": end, "body_start": body_start}

    def _rewrite(self, document: dict[str, Any], mapping: OffsetMap, turns: list[dict[str, Any]],
                 sentences: Sequence[NewSentence], fields: dict[str, Any], *, action: str, summary: str, reason: str,
                 speakers: Sequence[str]) -> RevisionReport:
        conn = self._conn
        document_id = document["id"]
        old, new = mapping.old, mapping.new
        old_sentences = store.sentences_of(conn, document_id)  # lemma keys filled in before the images are taken
        units = store.units_of(conn, document_id)
        sources = store.theme_sources_of(conn, document_id)
        codes = store.code_paths_of_units(conn, [u.id for u in units])
        old_turns = {t["id"] for t in store.turn_rows(conn, document_id)}
        changed: list[UnitChange] = []
        unchanged = moved_sources = 0
        with audited(conn, self._context.coder, action, summary) as writer:
            # sentences go while the old text is there, come back once the new one is: their index follows
            for sentence in old_sentences:
                writer.delete("segments", sentence.id)
            turn_ids = self._write_turns(writer, document_id, turns, old_turns, speakers)
            writer.update("documents", document_id, fields)
            self._write_sentences(writer, document_id, new, sentences, turn_ids)
            for unit in units:
                start, end = mapping.span(unit.start, unit.end)
                gone = unit.end > unit.start and has_words(old[unit.start:unit.end]) and not has_words(new[start:end])
                values: dict[str, Any] = {"start": start, "end": end}
                if gone:
                    start = end = min(mapping.start(unit.start), len(new))
                    values = {"start": start, "end": end, "review": reason}
                writer.update("units", unit.id, values)
                if gone or old[unit.start:unit.end] != new[start:end]:
                    changed.append(UnitChange(unit.id, tuple(path_of(conn, c) for c in codes.get(unit.id, [])),
                                              unit.start, unit.end, start, end, old[unit.start:unit.end],
                                              new[start:end], gone))
                else:
                    unchanged += 1
            for source in sources:
                start, end = mapping.span(source.start, source.end)
                if (start, end) != (source.start, source.end):
                    writer.update("theme_sources", source.id, {"start": start, "end": end})
                    moved_sources += 1
            for memo in store.memo_passages_of(conn, document_id):
                start, end = mapping.span(memo.start, memo.end)
                if (start, end) != (memo.start, memo.end):  # a passage gone whole leaves its memo on the document
                    writer.update("memos", memo.id, {"start": start, "end": end} if end > start
                                  else {"start": None, "end": None})
        return RevisionReport(document["label"], summary, tuple(changed), unchanged, len(sentences), len(turns),
                              moved_sources)

    def _write_turns(self, writer: Writer, document_id: int, turns: list[dict[str, Any]], old_turns: set[int],
                     speakers: Sequence[str]) -> list[tuple[int, int]]:
        """(start, id) of the document's turns once written."""
        conn = self._conn
        participants = store.participant_ids(conn)
        for speaker in speakers:
            if speaker.casefold() not in participants:
                participants[speaker.casefold()] = writer.insert("participants", {"label": speaker})
        kept = {t["id"] for t in turns if t["id"] is not None}
        for turn_id in sorted(old_turns - kept):
            writer.delete("turns", turn_id)
        placed = []
        for turn in turns:
            values = {k: v for k, v in turn.items() if k != "id"}
            if turn["id"] is not None:
                writer.update("turns", turn["id"], values)
                placed.append((turn["start"], turn["id"]))
                continue
            speaker = values["speaker"]
            named = not is_interviewer(speaker) and not is_generic_participant(speaker)
            if values.get("participant_id") is None and named:
                values["participant_id"] = participants.get(speaker.casefold())
            placed.append((turn["start"], writer.insert("turns", {"document_id": document_id, **values})))
        return sorted(placed)

    def _write_sentences(self, writer: Writer, document_id: int, text: str, sentences: Sequence[NewSentence],
                         turns: list[tuple[int, int]]) -> None:
        first = store.next_id(self._conn, "segments")
        starts = [start for start, _ in turns]
        line, previous = 1, 0
        for number, sentence in enumerate(sentences):
            line += text.count("\n", previous, sentence.start)
            previous = sentence.start
            at = bisect_right(starts, sentence.start) - 1
            writer.insert("segments", {"id": first + number, "document_id": document_id, "start": sentence.start,
                                       "end": sentence.end, "line": line, "turn_id": turns[at][1] if at >= 0 else None,
                                       "lemmas": sentence.lemmas})


def _clean_passage(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise QualcodeError("the correction holds control characters; type plain text")
    return text


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
