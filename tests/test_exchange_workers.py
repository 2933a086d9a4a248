"""An archive big enough for worker processes: the same project as one read by a single process, a twin
source's selections land on its first copy, and a member that breaks halfway through the archive stops the
import with one line, leaving no project, no scratch folder and no worker process behind."""

from __future__ import annotations

import multiprocessing
import zipfile
from pathlib import Path

import pytest
from conftest import table_counts

from qualcode.errors import ImportRefused
from qualcode.exchange import create_from_qdpx
from qualcode.exchange.qdpx_read import read_archive
from qualcode.exchange.report import ExchangeReport
from qualcode.project import Project

USER = "b0000000-0000-4000-8000-000000000001"
CODE = "a0000000-0000-4000-8000-000000000001"
WORDS = "Vi ringer DPS-et hver uke, og fastlegen svarer på meldinger om samhandling"


def _text(number: int) -> str:
    return f"Intervjuer: Hvordan går det?\r\n\r\nInformant: {WORDS} nummer {number}.\r\n"


def _archive(path: Path, texts: list[str], phrases: dict[int, str] | None = None) -> Path:
    """One TextSource per text, each with a selection of its informant's first words (or of the phrase
    given for its number)."""
    sources = []
    for number, text in enumerate(texts, 1):
        phrase = (phrases or {}).get(number, "Vi ringer DPS-et")
        start = text.index(phrase)
        sources.append(
            f'<TextSource guid="c0000000-0000-4000-8000-{number:012d}" name="Intervju {number}.txt" '
            f'plainTextPath="internal://s{number}.txt"><PlainTextSelection guid="d0000000-0000-4000-8000-'
            f'{number:012d}" startPosition="{start}" endPosition="{start + len(phrase)}" '
            f'creatingUser="{USER}"><Coding guid="e0000000-0000-4000-8000-{number:012d}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection></TextSource>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Stor" '
           f'origin="NVivo 14"><Users><User guid="{USER}" name="Kari"/></Users><CodeBook><Codes>'
           f'<Code guid="{CODE}" name="Samhandling m/ DPS" isCodable="true"/></Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for number, text in enumerate(texts, 1):
            archive.writestr(f"Sources/s{number}.txt", text.encode("utf-8"))
    return path


def test_an_import_with_workers_places_every_selection_and_finds_twins(tmp_path):
    texts = [_text(n) for n in range(1, 9)]
    texts[6] = texts[1]  # source 7 is source 2's file again
    archive = _archive(tmp_path / "stor.qdpx", texts, {7: "fastlegen svarer"})
    report = create_from_qdpx(tmp_path / "ny.qualcode", archive, coder="per", workers=2)
    read = read_archive(archive, ExchangeReport(archive.name))
    with Project(tmp_path / "ny.qualcode") as project:
        assert [d.label for d in project.documents.list()] == [f"Intervju {n}" for n in (1, 2, 3, 4, 5, 6, 8)]
        units = sorted((u.document, u.text) for u in project.units.list())
    assert units == sorted([(f"Intervju {n}", "Vi ringer DPS-et") for n in (1, 2, 3, 4, 5, 6, 8)]
                           + [("Intervju 2", "fastlegen svarer")])  # the twin's selection, on the first copy
    assert "Intervju 7 is the same file as Intervju 2: its selections were placed there" in report.notes
    assert report.position_reading == "code-points"
    assert report.came_in("selections") == 8
    assert [s.text for s in read.sources] == [t.replace("\r\n", "\n").strip("\n") for t in texts]


def test_a_member_that_breaks_halfway_stops_the_import_and_leaves_nothing(tmp_path):
    archive = _archive(tmp_path / "stor.qdpx", [_text(n) for n in range(1, 9)])
    data = bytearray(archive.read_bytes())
    broken = data.index(b"nummer 6.")  # stored, not compressed: a flipped byte fails the member's CRC
    data[broken] ^= 0x20
    archive.write_bytes(bytes(data))
    before = set(tmp_path.iterdir())
    with pytest.raises(ImportRefused, match=r"member 'Sources/s6.txt' cannot be read"):
        create_from_qdpx(tmp_path / "ny.qualcode", archive, coder="per", workers=2)
    assert set(tmp_path.iterdir()) == before  # no project, no scratch folder beside it
    assert multiprocessing.active_children() == []


def test_an_import_with_workers_gives_the_project_one_process_gives(tmp_path):
    archive = _archive(tmp_path / "stor.qdpx", [_text(n) for n in range(1, 7)])
    create_from_qdpx(tmp_path / "to.qualcode", archive, coder="per", workers=2)
    create_from_qdpx(tmp_path / "en.qualcode", archive, coder="per", workers=1)
    with Project(tmp_path / "to.qualcode") as two, Project(tmp_path / "en.qualcode") as one:
        assert table_counts(two) == table_counts(one)
        assert [(u.document, u.start, u.end) for u in two.units.list()] == \
            [(u.document, u.start, u.end) for u in one.units.list()]
