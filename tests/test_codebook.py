"""The codebook: formats, merging by id then path, editing, and malformed files."""

from __future__ import annotations

import pytest
from conftest import table_counts

from qualcode.codebook.service import flatten
from qualcode.errors import QualcodeError

YAML = """name: Start
codes:
  - name: Samarbeid
    id: g-samarbeid
    description: "Inkluder: avtaler. Ekskluder: økonomi."
    colour: "#4e79a7"
    children:
      - name: Avtaler
        children:
          - name: Kjennskap
      - name: Møter
  - name: Pårørende
"""


def _paths(project):
    return [c.path for c in flatten(project.codebook.tree())]


def test_yaml_import_and_roundtrip_through_csv(project, tmp_path):
    source = tmp_path / "start.yaml"
    source.write_text(YAML, encoding="utf-8")
    report = project.codebook.import_file(source)
    assert report.added == ["Samarbeid", "Samarbeid/Avtaler", "Samarbeid/Avtaler/Kjennskap", "Samarbeid/Møter",
                            "Pårørende"]
    group = project.codebook.tree()[0]
    assert (group.uid, group.colour) == ("g-samarbeid", "#4e79a7")
    assert group.description == "Inkluder: avtaler. Ekskluder: økonomi."
    out = tmp_path / "kodebok.csv"
    project.codebook.export_file(out)
    yaml_out = tmp_path / "kodebok.yaml"
    project.codebook.export_file(yaml_out)
    assert "Pårørende" in yaml_out.read_text(encoding="utf-8")
    from qualcode.project import Project

    with Project.create(tmp_path / "other.qualcode") as other:
        other.codebook.import_file(out)
        assert _paths(other) == _paths(project)
        assert [c.uid for c in flatten(other.codebook.tree())] == [c.uid for c in flatten(project.codebook.tree())]


def test_merge_by_stable_id_then_path(project, tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text(YAML, encoding="utf-8")
    project.codebook.import_file(first)
    renamed = tmp_path / "b.yaml"
    renamed.write_text(
        "codes:\n  - name: Samhandling\n    id: g-samarbeid\n    children:\n      - name: Møter\n"
        "        description: Faste møter\n      - name: Ny undergruppe\n",
        encoding="utf-8",
    )
    report = project.codebook.import_file(renamed)
    # same id: renamed, not added; same path: described, not added
    assert report.changed == ["Samhandling", "Samhandling/Møter"]
    assert report.added == ["Samhandling/Ny undergruppe"]
    meetings = next(c for c in flatten(project.codebook.tree()) if c.path == "Samhandling/Møter")
    assert meetings.description == "Faste møter"
    assert "Samhandling/Ny undergruppe" in _paths(project)
    assert "Samarbeid" not in _paths(project)


@pytest.mark.parametrize(
    "content,message",
    [
        ("codes: [unclosed", "not valid YAML"),
        ("codes:\n  - description: no name\n", "needs a name"),
        ("codes:\n  - name: A\n  - name: a\n", "appears twice"),
        ("codes:\n  - name: A\n    children:\n      - name: B\n        children:\n          - name: C\n"
         "            children:\n              - name: D\n", "deeper"),
        ("just a string", "'codes' list"),
    ],
)
def test_malformed_codebook_is_refused_and_changes_nothing(project, tmp_path, content, message):
    before = table_counts(project)
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QualcodeError, match=message):
        project.codebook.import_file(path)
    assert table_counts(project) == before


def test_edit_operations(project, transcript, tmp_path):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    units = [project.units.create("K1-intervju", text.index(w), text.index(w) + len(w), codes=["A/B"],
                                  create_codes=True)
             for w in ("Samarbeidet", "Kommunen", "Helseforetakene")]
    assert project.codebook.split("A/B", "C", units[:1]) == "A/C"
    assert [u.id for u in project.units.list(code_path="A/C")] == units[:1]
    project.codebook.add("D")
    assert project.codebook.move("A/C", "D") == "D/C"
    with pytest.raises(QualcodeError, match="deeper"):
        project.codebook.move("A", "D/C")
    with pytest.raises(QualcodeError, match="still has 2 coded units"):
        project.codebook.delete("A")
    assert project.codebook.delete("A", force=True) == 2
    assert _paths(project) == ["D", "D/C"]
    assert project.units.get(units[1:2])[0].codes == ()


def test_delete_asks_in_the_cli(project, transcript):
    from click.testing import CliRunner

    from qualcode.cli import (
        cli,
        coding,  # noqa: F401
    )

    project.documents.import_files([transcript])
    project.units.create("K1-intervju", 0, 10, codes=["A/B"], create_codes=True)
    refused = CliRunner().invoke(cli, ["codebook", "delete", str(project.path), "A"], input="n\n")
    assert refused.exit_code == 1 and "still has 1 coded units" in refused.output + refused.stderr
    assert _paths(project) == ["A", "A/B"]
    accepted = CliRunner().invoke(cli, ["codebook", "delete", str(project.path), "A"], input="y\n")
    assert accepted.exit_code == 0 and _paths(project) == []


@pytest.mark.parametrize(
    "content,message",
    [("codes:\n  - name: A\n    colour: rød\n", "not of the form"),
     ("codes:\n  - name: A\n    description: {a: 1}\n", "must be text"),
     ("codes:\n  - name:\n", "has no name")],
)
def test_codebook_values_are_checked(project, tmp_path, content, message):
    path = tmp_path / "values.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QualcodeError, match=message):
        project.codebook.import_file(path)
    assert project.codebook.tree() == []


def test_a_change_that_changes_nothing_is_not_logged(project):
    project.codebook.add("A/B")
    before = len(project.history.log())
    project.codebook.rename("A/B", "B")
    project.codebook.describe("A", colour="")
    assert len(project.history.log()) == before
    with pytest.raises(QualcodeError, match="not of the form"):
        project.codebook.describe("A", colour="blå")


def test_units_are_not_coded_at_code_group_level(project, transcript):
    project.documents.import_files([transcript])
    with pytest.raises(QualcodeError, match="is a code group"):
        project.units.create("K1-intervju", 0, 10, codes=["Samhandling"], create_codes=True)


def test_import_matches_each_code_once_and_refuses_loops(project, tmp_path):
    project.codebook.add("A/Old")
    uid = next(c.uid for c in flatten(project.codebook.tree()) if c.path == "A/Old")
    swap = tmp_path / "swap.yaml"
    swap.write_text(f"codes:\n  - name: A\n    children:\n      - name: New\n        id: {uid}\n      - name: Old\n",
                    encoding="utf-8")
    report = project.codebook.import_file(swap)
    assert report.changed == ["A/New"] and report.added == ["A/Old"]
    twice = tmp_path / "twice.yaml"
    twice.write_text(f"codes:\n  - name: A\n    children:\n      - name: S\n        id: {uid}\n"
                     f"        children:\n          - name: C\n            id: {uid}\n", encoding="utf-8")
    before = _paths(project)
    with pytest.raises(QualcodeError, match="given to two codes"):
        project.codebook.import_file(twice)
    assert _paths(project) == before


def test_merge_and_import_keep_three_levels(project, transcript, tmp_path):
    project.codebook.add("A/S/C")
    project.codebook.add("B/T/U")
    with pytest.raises(QualcodeError, match="deeper than"):
        project.codebook.merge("A/S", "B/T/U")
    assert "A/S/C" in _paths(project) and "B/T/U/C" not in _paths(project)
    uid = next(c.uid for c in flatten(project.codebook.tree()) if c.path == "A/S")
    deep = tmp_path / "deep.yaml"
    deep.write_text(f"codes:\n  - name: X\n    children:\n      - name: Y\n        children:\n"
                    f"          - name: S\n            id: {uid}\n", encoding="utf-8")
    with pytest.raises(QualcodeError, match="deeper than"):
        project.codebook.import_file(deep)
    assert "A/S/C" in _paths(project)


def test_split_checks_the_new_name(project, transcript):
    project.documents.import_files([transcript])
    unit = project.units.create("K1-intervju", 0, 10, codes=["A/S"], create_codes=True)
    for bad in ("  ", ""):
        with pytest.raises(QualcodeError, match="bad code name"):
            project.codebook.split("A/S", bad, [unit])
    assert project.codebook.split("A/S", " Ny ", [unit]) == "A/Ny"
    # a name may hold a slash; its path escapes it
    assert project.codebook.rename("A/Ny", "og/eller") == "A/og\\/eller"
