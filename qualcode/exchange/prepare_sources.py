"""The archive's sources through the language pipeline, as a normal import runs it (ingest/batch.py).

Each source's text is written to a private temporary file and handed to batch.prepare_all (several worker
processes for a big archive): the same reader, turns, sentences and lemmas as `qualcode import`. A source
that only has its .docx goes through the Word reader. A source we exported ourselves keeps its exact stored
text and its speaker turns as exported (a custom speaker pattern, renamed speakers, subtitle timings); its
sentences are split again around those turns when they differ from what the reader finds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..ingest.batch import ImportSettings, prepare_all
from ..store.documents import document_key
from . import guids
from .qdpx_read import ParsedArchive, Source
from .report import ExchangeReport

TurnTuple = tuple[int, int, int, str, float | None, float | None]


@dataclass
class ReadySource:
    """One source ready to be written as a document."""

    source: Source
    document: dict[str, Any]  # label, title, kind, language, source_name, sha256, text, words
    turns: list[TurnTuple]
    sentences: list[tuple[int, int, str]]  # start, end, lemma keys
    speakers: list[str]  # participants to create for its named speakers (foreign sources)
    participant: str | None  # who its generic labels (Informant ...) stand for
    exported: dict[str, Any] | None = None  # our own document note: import details, turn participants
    aliases: list[Source] = field(default_factory=list)  # identical sources, whose selections land here


def own_document_notes(parsed: ParsedArchive) -> dict[str, dict[str, Any]]:
    """Source GUID -> the document note we wrote for it (linked by NoteRef, else by the id in its GUID)."""
    found: dict[str, dict[str, Any]] = {}
    for note in parsed.notes:
        if not note.data or note.data.get("kind") != "document" or not isinstance(note.data.get("row"), dict):
            continue
        linked = [guid for kind, guid in note.targets if kind == "source"]
        row_id = note.data["row"].get("id")
        if not linked and parsed.namespace and isinstance(row_id, int):
            linked = [guids.row_guid(parsed.namespace, "document", row_id)]
        for guid in linked[:1]:
            found[guid] = note.data
    return found


def prepare_sources(parsed: ParsedArchive, language: str, trained: str | None, folder: Path,
                    report: ExchangeReport, workers: int | None = None) -> Iterator[ReadySource]:
    """Each source ready to be written, in order, as the workers finish it (the caller writes one while
    the next are read and analysed, as `qualcode import` does)."""
    exported = own_document_notes(parsed)
    by_sha: dict[str, Source] = {}
    jobs: list[tuple[Path, str, str]] = []
    kept: list[Source] = []
    aliases: dict[str, list[Source]] = {}
    for index, source in enumerate(parsed.sources):
        first = by_sha.get(source.sha256)
        if first is not None:
            aliases.setdefault(first.guid, []).append(source)
            continue
        by_sha[source.sha256] = source
        place = folder / f"{index:05d}"
        place.mkdir()
        name = _file_name(source.label)
        if source.text is not None:
            path = place / f"{name}.txt"
            path.write_text(source.text, encoding="utf-8")
        else:
            path = place / f"{name}.docx"
            path.write_bytes(source.docx or b"")
        jobs.append((path, source.sha256, source.label))
        kept.append(source)
    settings = ImportSettings(language, trained, document_participants=_participants_of_sources(parsed),
                              participants_source=f"the cases of {report.file}",
                              known_participants=tuple(case.label for case in parsed.cases))
    nlp = None
    for source, prepared in zip(kept, prepare_all(jobs, settings, workers), strict=True):
        if prepared.error:
            why = prepared.error
            if source.docx is not None and "no text" in why:
                why = "its text file is empty or missing, and its .docx holds no text either"
            for each in (source, *aliases.get(source.guid, [])):
                report.skip("sources", each.label, why)
                for selection in each.selections:
                    report.skip("selections", f"{each.label}: {selection.name or selection.guid}",
                                "its source was not imported")
            continue
        for alias in aliases.get(source.guid, []):
            report.note(f"{alias.label} is the same file as {source.label}: its selections were placed there")
        document = dict(prepared.document, source_name=source.source_name)
        item = ReadySource(source, document, list(prepared.turns), list(prepared.sentences), list(prepared.speakers),
                           prepared.participant, aliases=aliases.get(source.guid, []))
        note = exported.get(source.guid)
        if note is not None and source.text is not None:
            nlp = _as_exported(item, note, source.text, language, trained, nlp, report)
        if source.text is not None and item.document["text"] != source.text:
            report.skip("sources", source.label, "its text changed in the reading (a qualcode bug: please report)")
            continue
        yield item


def _as_exported(item: ReadySource, note: dict[str, Any], text: str, language: str, trained: str | None,
                 nlp: Any, report: ExchangeReport) -> Any:
    """A document we exported: its stored text, turns and import details exactly as they were."""
    if note.get("text_sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        report.note(f"{item.source.label}: its text was changed after qualcode exported it: speaker turns found "
                    "again")
        return nlp
    row = note["row"]
    try:
        turns: list[TurnTuple] = [(t[1], t[2], t[3], t[4], t[6], t[7]) for t in note.get("turns", [])]
    except (IndexError, TypeError):
        report.note(f"{item.source.label}: its qualcode note could not be read: speaker turns found again")
        return nlp
    item.exported = note
    item.speakers = []  # every participant comes from the cases, with its id
    item.participant = None
    for key in ("title", "kind", "language", "source_name", "sha256", "words"):
        if key in row:
            item.document[key] = row[key]
    if row.get("label") in (item.source.name, item.source.label):
        item.document["label"] = row["label"]
    read_as = item.document["text"]
    item.document["text"] = text
    if read_as != text or [t[:3] for t in turns] != [t[:3] for t in item.turns]:  # split around our turns
        from ..nlp.pipeline import load_pipeline, sentences

        nlp = nlp or load_pipeline(language, trained)
        found = sentences(nlp, text, language, {t[0]: t[2] for t in turns})
        item.sentences = [(s.start, s.end, s.lemmas) for s in found]
    item.turns = turns
    return nlp


def _participants_of_sources(parsed: ParsedArchive) -> dict[str, str]:
    """A source that exactly one case points at is that participant's: its Informant, IP ... is them."""
    cases_of: dict[str, list[str]] = {}
    for case in parsed.cases:
        for guid in case.sources:
            cases_of.setdefault(guid, []).append(case.label)
    return {document_key(source.label): cases_of[source.guid][0] for source in parsed.sources
            if len(cases_of.get(source.guid, [])) == 1}


def _file_name(label: str) -> str:
    """A safe file name that keeps the label's start (K3-intervju): a normal import reads participants there."""
    cleaned = "".join("_" if c in '/\\:\x00' or ord(c) < 32 else c for c in label).strip(". ") or "dokument"
    return cleaned.encode("utf-8")[:150].decode("utf-8", errors="ignore") or "dokument"
