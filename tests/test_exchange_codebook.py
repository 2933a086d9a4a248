"""REFI-QDA codebooks (.qdc): our stable ids out as GUIDs and back as the same ids; a merge by GUID, then path."""

from __future__ import annotations

import json

from click.testing import CliRunner
from exchange_support import codebook_schema
from lxml import etree

from qualcode.cli import cli
from qualcode.codebook.service import flatten
from qualcode.project import Project


def _codes(project: Project) -> dict[str, tuple[str, str, str]]:
    return {c.path: (c.uid, c.description, c.colour) for c in flatten(project.codebook.tree())}


def _fill(project: Project) -> None:
    project.codebook.add("Samhandling/Kommunikasjon", description="Muntlig og skriftlig", colour="#4E79A7")
    project.codebook.add("Samhandling/samarbeid m\\/ helseforetaket/Faste møter", description="«Hver uke»")
    project.codebook.add("Utskrivning og\\/eller innleggelse/Brå utskrivning")


def test_a_codebook_goes_out_and_comes_back_with_the_same_ids(tmp_path):
    with Project.create(tmp_path / "a.qualcode", coder="tester") as source:
        _fill(source)
        written = source.codebook.export_file(tmp_path / "kodebok.qdc")
        expected = _codes(source)
    assert written == len(expected) == 6
    assert codebook_schema().validate(etree.parse(str(tmp_path / "kodebok.qdc")))
    with Project.create(tmp_path / "b.qualcode", coder="tester") as target:
        report = target.codebook.import_file(tmp_path / "kodebok.qdc")
        assert sorted(report.added) == sorted(expected) and report.changed == []
        assert _codes(target) == expected


def test_a_merge_matches_by_guid_first_then_by_path(tmp_path):
    with Project.create(tmp_path / "a.qualcode", coder="tester") as project:
        _fill(project)
        project.codebook.export_file(tmp_path / "kodebok.qdc")
        project.codebook.rename("Samhandling/Kommunikasjon", "Dialog")  # same id, another name
        report = project.codebook.import_file(tmp_path / "kodebok.qdc")
        assert report.added == [] and report.changed == ["Samhandling/Kommunikasjon"]
        assert "Samhandling/Kommunikasjon" in _codes(project) and "Samhandling/Dialog" not in _codes(project)
    foreign = tmp_path / "veileder.qdc"  # another program's GUIDs: the same path is the same code
    foreign.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">'
        '<Codes><Code guid="11111111-2222-3333-4444-555555555555" name="Samhandling" isCodable="true">'
        '<Code guid="11111111-2222-3333-4444-666666666666" name="Kommunikasjon" isCodable="true" color="#ABC">'
        '<Description>Ny beskrivelse</Description></Code>'
        '<Code guid="11111111-2222-3333-4444-777777777777" name="Taushetsplikt" isCodable="true"/>'
        '</Code></Codes></CodeBook>', encoding="utf-8")
    with Project(tmp_path / "a.qualcode", coder="tester") as project:
        before = _codes(project)["Samhandling/Kommunikasjon"][0]
        result = CliRunner().invoke(cli, ["codebook", "import", str(project.path), str(foreign), "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["added"] == ["Samhandling/Taushetsplikt"]
        assert data["changed"] == ["Samhandling/Kommunikasjon"]
        codes = _codes(project)
        assert codes["Samhandling/Kommunikasjon"] == (before, "Ny beskrivelse", "#aabbcc")  # its own id kept
        assert codes["Samhandling/Taushetsplikt"][0] == "11111111-2222-3333-4444-777777777777"


def test_ids_that_are_not_ours_are_matched_back_by_the_guid_they_were_written_with(tmp_path):
    yaml = tmp_path / "kodebok.yaml"
    yaml.write_text("codes:\n  - name: Samhandling\n    id: samhandling-1\n    children:\n"
                    "      - name: Møter\n        id: møter-2\n", encoding="utf-8")
    with Project.create(tmp_path / "a.qualcode", coder="tester") as project:
        project.codebook.import_file(yaml)
        project.codebook.export_file(tmp_path / "kodebok.qdc")
        project.codebook.rename("Samhandling/Møter", "Samarbeidsmøter")
        report = project.codebook.import_file(tmp_path / "kodebok.qdc")
        assert report.added == [] and report.changed == ["Samhandling/Møter"]
        assert {uid for uid, _, _ in _codes(project).values()} == {"samhandling-1", "møter-2"}


def test_themes_travel_as_sets_of_the_codes_they_became(tmp_path):
    with Project.create(tmp_path / "a.qualcode", coder="tester") as project:
        theme = project.impression.add_theme("Tillit", note="K1 og H3")
        project.impression.theme_to_code_group(theme)
        project.codebook.add("Tillit/Respekt")
        project.codebook.export_file(tmp_path / "kodebok.qdc")
        uid = _codes(project)["Tillit"][0]
    book = etree.parse(str(tmp_path / "kodebok.qdc"))
    sets = book.findall(".//{urn:QDA-XML:codebook:1.0}Set")
    assert [s.get("name") for s in sets] == ["Theme: Tillit"]
    members = [m.get("guid") for m in sets[0]]
    assert members == [f"51434f44-636f-4000-8000-00{uid[2:]}"]


def test_a_codebook_deeper_than_ours_is_folded_into_the_third_level(tmp_path):
    deep = tmp_path / "dyp.qdc"
    levels = ["Samhandling", "Kommunikasjon", "Skriftlig", "E-meldinger", "Epikriser"]
    xml = "".join(f'<Code guid="00000000-0000-4000-8000-00000000000{i}" name="{n}" isCodable="true">'
                  for i, n in enumerate(levels)) + "</Code>" * len(levels)
    deep.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{xml}</Codes></CodeBook>', encoding="utf-8")
    with Project.create(tmp_path / "a.qualcode", coder="tester") as project:
        report = project.codebook.import_file(deep)
        paths = sorted(_codes(project))
    assert paths == ["Samhandling", "Samhandling/Kommunikasjon", "Samhandling/Kommunikasjon/Skriftlig",
                     "Samhandling/Kommunikasjon/Skriftlig › E-meldinger",
                     "Samhandling/Kommunikasjon/Skriftlig › E-meldinger › Epikriser"]
    assert any(note.startswith("2 codes nested deeper than code group > subgroup > code") for note in report.notes)
