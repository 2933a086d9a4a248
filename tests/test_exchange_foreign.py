"""Archives written the way other programs write them: who a source's Informant is, comments on passages,
notes on codes, unknown elements, codings of whole sources, twin sources, paths outside the archive."""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualcode.exchange import create_from_qdpx
from qualcode.project import Project

USER = "b0000000-0000-4000-8000-000000000001"
CODES = ('<CodeBook><Codes><Code guid="a0000000-0000-4000-8000-000000000001" name="Samhandling" isCodable="true">'
         '<NoteRef targetGUID="f0000000-0000-4000-8000-000000000002"/>'
         '<Code guid="a0000000-0000-4000-8000-000000000002" name="Kommunikasjon" isCodable="true"/>'
         '</Code></Codes></CodeBook>')
TEXT = "Intervjuer: Hvordan går samarbeidet?\r\n\r\nInformant: Vi ringer DPS-et hver uke, og det hjelper.\r\n"


def _archive(path: Path, sources: str, *, cases: str = "", notes: str = "", extra: str = "",
             files: dict[str, bytes] | None = None, base: str = "") -> Path:
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Fra NVivo" '
           f'origin="NVivo 14"{base}><Users><User guid="{USER}" name="Kari Nordmann"/></Users>{CODES}'
           f'<Variables><Variable guid="0a000000-0000-4000-8000-000000000001" name="Rolle" typeOfVariable="Text"/>'
           f'</Variables>{cases}<Sources>{sources}</Sources>{notes}{extra}</Project>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def _selection(guid: str, start: int, end: int, inner: str = "") -> str:
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" creatingUser="{USER}" '
            f'creationDateTime="2025-03-02T10:00:00Z">{inner}<Coding guid="e{guid[1:]}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="a0000000-0000-4000-8000-000000000002"/></Coding></PlainTextSelection>')


def _import(tmp_path: Path, archive: Path):
    target = tmp_path / "ny.qualcode"
    report = create_from_qdpx(target, archive, coder="tester")
    return target, report


def test_a_case_that_points_at_a_source_is_its_informant(tmp_path):
    start = TEXT.index("Vi ringer")
    source = (f'<TextSource guid="c0000000-0000-4000-8000-000000000001" name="opptak-mars.txt" '
              f'plainTextPath="internal://c1.txt">'
              f'{_selection("d0000000-0000-4000-8000-000000000001", start, start + len("Vi ringer DPS-et hver uke"))}'
              '</TextSource>')
    cases = ('<Cases><Case guid="0b000000-0000-4000-8000-000000000001" name="K7"><VariableValue><VariableRef '
             'targetGUID="0a000000-0000-4000-8000-000000000001"/><TextValue>sykepleier</TextValue></VariableValue>'
             '<SourceRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Case></Cases>')
    archive = _archive(tmp_path / "a.qdpx", source, cases=cases, files={"Sources/c1.txt": TEXT.encode("utf-8")})
    target, report = _import(tmp_path, archive)
    with Project(target) as project:
        [unit] = project.units.list()
        assert (unit.document, unit.text, unit.participant) == ("opptak-mars", "Vi ringer DPS-et hver uke", "K7")
        assert unit.codes == ("Samhandling/Kommunikasjon",)
        assert {p.label: p.attributes for p in project.participants.list()} == {"K7": {"Rolle": "sykepleier"}}
    assert report.position_reading == "code-points"


def test_comments_and_notes_become_memos_on_what_they_are_about(tmp_path):
    start = TEXT.index("det hjelper")
    inner = "<Description>Viktig for kapittel 5.</Description>"
    source = (f'<TextSource guid="c0000000-0000-4000-8000-000000000001" name="K7" plainTextPath="c1.txt">'
              f'{_selection("d0000000-0000-4000-8000-000000000001", start, start + 11, inner)}'
              '<NoteRef targetGUID="f0000000-0000-4000-8000-000000000001"/></TextSource>')
    notes = (f'<Notes><Note guid="f0000000-0000-4000-8000-000000000001" name="Om K7" creatingUser="{USER}">'
             '<PlainTextContent>Positiv til DPS.</PlainTextContent></Note>'
             f'<Note guid="f0000000-0000-4000-8000-000000000002" name="Kodens grense" creatingUser="{USER}">'
             '<PlainTextContent>Bare samarbeid mellom nivåene.</PlainTextContent></Note></Notes>')
    archive = _archive(tmp_path / "a.qdpx", source, notes=notes, files={"sources/c1.txt": TEXT.encode("utf-8")})
    target, report = _import(tmp_path, archive)
    with Project(target) as project:
        memos = {(m.target_kind, m.text, m.author) for m in project.impression.memos()}
    assert memos == {("unit", "Viktig for kapittel 5.", "Kari Nordmann"),
                     ("document", "Om K7\n\nPositiv til DPS.", "Kari Nordmann"),
                     ("code", "Kodens grense\n\nBare samarbeid mellom nivåene.", "Kari Nordmann")}
    assert report.came_in("notes") == 2
    assert "source paths without internal:// (such as c1.txt) were found in sources/" in report.notes


def test_what_qualcode_cannot_hold_is_listed(tmp_path):
    source = ('<TextSource guid="c0000000-0000-4000-8000-000000000001" name="K7" plainTextPath="internal://c1.txt">'
              '<Coding guid="e0000000-0000-4000-8000-000000000009" creatingUser="' + USER + '">'
              '<CodeRef targetGUID="a0000000-0000-4000-8000-000000000001"/></Coding>'
              '<Fargemerke farge="rød"/></TextSource>'
              '<TextSource guid="c0000000-0000-4000-8000-000000000002" name="K7 kopi" plainTextPath="internal://c2.txt">'
              f'{_selection("d0000000-0000-4000-8000-000000000002", 0, 11)}</TextSource>'
              '<TextSource guid="c0000000-0000-4000-8000-000000000003" name="Lyd" plainTextPath="relative:///lyd.txt"/>')
    archive = _archive(tmp_path / "a.qdpx", source, base=' basePath="/Users/kari/NVivo"',
                       extra="<Leverandørdata versjon='3'/>",
                       files={"Sources/c1.txt": TEXT.encode("utf-8"), "Sources/c2.txt": TEXT.encode("utf-8")})
    target, report = _import(tmp_path, archive)
    assert [s.why for s in report.skipped("codings")] == ["qualcode codes passages, not whole sources"]
    assert "unknown element <Fargemerke> in a TextSource skipped (1)" in report.notes
    assert "unknown element <Leverandørdata> in the project skipped (1)" in report.notes
    assert "K7 kopi is the same file as K7: its selections were placed there" in report.notes
    assert any("relative:///lyd.txt is relative to /Users/kari/NVivo outside the archive: not read" in note
               for note in report.notes)
    with Project(target) as project:
        assert [d.label for d in project.documents.list()] == ["K7"]
        assert [u.text for u in project.units.list()] == ["Intervjuer:"]
