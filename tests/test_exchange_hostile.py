"""Hostile and broken archives are refused with one line, and nothing is written: no project, no leftovers."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import table_counts
from exchange_support import SAMPLES

from qualcode.cli import cli
from qualcode.exchange import xml_safety
from qualcode.project import Project

GOOD_QDE = (SAMPLES / "project-inline-text.qdpx")


def _good_qde() -> bytes:
    with zipfile.ZipFile(GOOD_QDE) as archive:
        return archive.read("project.qde")


def _zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _mark_encrypted(path: Path, name: str) -> Path:
    """zipfile cannot write an encrypted member: set the flag in the central directory by hand."""
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")
    while True:
        length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + length] == name.encode():
            data[entry + 8] |= 0x1
            break
        entry = data.index(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&secret;</Description></Project>"""
DEEP = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>'
        + b'<Code guid="a" name="n" isCodable="true">' * 400 + b"</Code>" * 400 + b"</Codes></CodeBook></Project>")

CASES = {
    "a member climbing out": ([("../utenfor.txt", b"x"), ("project.qde", _good_qde())], "points outside the archive"),
    "an absolute member": ([("/etc/cron.d/x", b"x"), ("project.qde", _good_qde())], "points outside the archive"),
    "a drive letter": ([("C:/Users/x.txt", b"x"), ("project.qde", _good_qde())], "points outside the archive"),
    "a symbolic link": ([(_symlink("Sources/lenke.txt"), b"/etc/passwd"), ("project.qde", _good_qde())],
                        "symbolic link"),
    "a zip bomb": ([("project.qde", _good_qde()), ("Sources/bombe.txt", b"\0" * 3_000_000)], "a zip bomb"),
    "two members of one name": ([("project.qde", _good_qde()), ("PROJECT.qde", _good_qde())], "two members"),
    "entity expansion": ([("project.qde", BILLION_LAUGHS)], "DTD or entities"),
    "an external entity": ([("project.qde", EXTERNAL)], "DTD or entities"),
    "a tree nested too deep": ([("project.qde", DEEP)], "nests elements more than"),
    "no project file": ([("Sources/x.txt", b"Hei")], "holds no .qde"),
    "two project files": ([("a.qde", _good_qde()), ("b.qde", _good_qde())], "holds 2 .qde files"),
    "broken XML": ([("project.qde", b"<Project><Sources>")], "not well-formed XML"),
    "another XML": ([("project.qde", b"<html/>")], "not a REFI-QDA project"),
}


def _refused_in_one_line(tmp_path: Path, archive: Path, expected: str) -> None:
    target = tmp_path / "ny.qualcode"
    result = CliRunner().invoke(cli, ["import", str(target), str(archive)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("qualcode: "), result.output
    assert expected in lines[0]
    assert "Traceback" not in result.output
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ny.qualcode")]  # no half-built project


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_archive_is_refused_and_nothing_is_written(tmp_path, case):
    members, expected = CASES[case]
    _refused_in_one_line(tmp_path, _zip(tmp_path / "fiendtlig.qdpx", members), expected)


def test_an_encrypted_member_is_refused(tmp_path):
    archive = _zip(tmp_path / "kryptert.qdpx", [("Sources/x.txt", b"Hei"), ("project.qde", _good_qde())])
    _refused_in_one_line(tmp_path, _mark_encrypted(archive, "Sources/x.txt"), "encrypted")


def test_a_file_that_is_no_zip_is_refused(tmp_path):
    archive = tmp_path / "ikke.qdpx"
    archive.write_text("Dette er ikke et arkiv.", encoding="utf-8")
    _refused_in_one_line(tmp_path, archive, "not a valid zip")


@pytest.mark.parametrize(("limit", "expected"), [("MAX_MEMBER_BYTES", "inflates to"),
                                                 ("MAX_TOTAL_BYTES", "inflates to more than"),
                                                 ("MAX_ENTRIES", "members (limit")])
def test_archives_past_the_limits_are_refused(tmp_path, monkeypatch, limit, expected):
    monkeypatch.setattr(xml_safety, limit, {"MAX_ENTRIES": 1}.get(limit, 2_000))
    _refused_in_one_line(tmp_path, GOOD_QDE if limit != "MAX_ENTRIES" else _zip(
        tmp_path / "to.qdpx", [("project.qde", _good_qde()), ("Sources/x.txt", b"Hei")]), expected)


def test_a_hostile_codebook_changes_nothing(project, tmp_path):
    project.codebook.add("Samhandling/Kommunikasjon")
    before = table_counts(project)
    for name, content in (("latter.qdc", BILLION_LAUGHS.replace(b"Project", b"CodeBook")),
                          ("ekstern.qdc", EXTERNAL.replace(b"Project", b"CodeBook")),
                          ("feil.qdc", b"<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>"),
                          ("brutt.qdc", b"<CodeBook><Codes><Code")):
        path = tmp_path / name
        path.write_bytes(content)
        result = CliRunner().invoke(cli, ["codebook", "import", str(project.path), str(path)])
        assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
        assert result.output.startswith("qualcode: ")
    assert table_counts(project) == before


def test_a_project_with_documents_is_never_poured_into(tmp_path, transcript):
    target = tmp_path / "full.qualcode"
    with Project.create(target, coder="tester") as full:
        full.documents.import_files([transcript])
        before = table_counts(full)
    result = CliRunner().invoke(cli, ["import", str(target), str(GOOD_QDE)])
    assert result.exit_code == 1
    assert "already has 1 documents" in result.output
    with Project(target) as full:
        assert table_counts(full) == before


def test_a_project_with_a_codebook_only_is_refused_too(tmp_path):
    target = tmp_path / "kodebok.qualcode"
    with Project.create(target, coder="tester") as held:
        held.codebook.add("Samhandling/Kommunikasjon")
        before = table_counts(held)
    result = CliRunner().invoke(cli, ["import", str(target), str(GOOD_QDE)])
    assert result.exit_code == 1 and "already holds 2 codes" in result.output
    with Project(target) as held:
        assert table_counts(held) == before


def test_an_empty_project_takes_the_archive_and_keeps_its_language(tmp_path):
    target = tmp_path / "tom.qualcode"
    assert CliRunner().invoke(cli, ["init", str(target), "--language", "da"]).exit_code == 0
    result = CliRunner().invoke(cli, ["import", str(target), str(GOOD_QDE)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "(Dansk)" in result.output.splitlines()[0]
    with Project(target) as project:
        assert project.language == "da" and len(project.documents.list()) == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_transcript_options_do_not_go_with_an_archive(tmp_path):
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "ny.qualcode"), str(GOOD_QDE), "--participant", "K1"])
    assert result.exit_code == 1 and "--participant does not go with a .qdpx" in result.output
    assert not (tmp_path / "ny.qualcode").exists()
