"""Widening or narrowing a unit: project.units.resize and `qualcode resize`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import QualcodeError


@pytest.fixture
def unit(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får")
    unit_id = project.units.create("K1-intervju", start, start + 8, codes=["Samhandling/Varsling"],
                                   create_codes=True)
    project.condensing.set("Samhandling/Varsling", text="Jeg får vite det.", unit_ids=[unit_id], golden=unit_id)
    return unit_id, start, text


def test_a_unit_keeps_its_codes_and_condensate_when_resized(project, unit):
    unit_id, start, text = unit
    project.units.resize(unit_id, start, text.index("tidligere") + 9)
    (resized,) = project.units.get([unit_id])
    assert resized.text == "Kommunen får beskjed tidligere" and resized.codes == ("Samhandling/Varsling",)
    assert project.condensing.get("Samhandling/Varsling").golden.id == unit_id
    assert project.history.log(limit=1)[0].summary.startswith(f"resize unit {unit_id} (K1-intervju:")
    project.history.undo()
    assert project.units.get([unit_id])[0].text == "Kommunen"


def test_a_span_outside_the_text_or_taken_by_another_unit_is_refused(project, unit):
    unit_id, start, text = unit
    with pytest.raises(QualcodeError, match="outside K1-intervju"):
        project.units.resize(unit_id, start, len(text) + 5)
    other = project.units.create("K1-intervju", start, start + 20, codes=["Samhandling/Varsling"])
    with pytest.raises(QualcodeError, match=f"unit {other} already covers"):
        project.units.resize(unit_id, start, start + 20)


def test_the_cli_resizes(project, unit):
    unit_id, start, _ = unit
    result = CliRunner().invoke(cli, ["resize", str(project.path), str(unit_id), "--start", str(start),
                                      "--end", str(start + 12)])
    assert result.exit_code == 0, result.output
    assert project.units.get([unit_id])[0].text == "Kommunen får"
