"""Step 3's sorting: a unit moved to another subgroup of its code group, in one change."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import QualcodeError
from qualcode.project import Project


@pytest.fixture
def sorted_units(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    first = project.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                                 codes=["Samhandling/Varsling/Tidlig beskjed"], create_codes=True)
    second = project.units.create("K1-intervju", text.index("Kommunens folk"), text.index("alvor.") + 6,
                                  codes=["Samhandling/Varsling"])
    project.codebook.add("Samhandling/Respekt")
    project.condensing.set("Samhandling/Varsling", text="Jeg får vite det.", unit_ids=[first, second], golden=second)
    project.synthesizing.set("Samhandling/Varsling", quotes=[second, first])
    return project, first, second


def test_a_unit_moves_with_its_coding_and_leaves_the_old_condensate(sorted_units):
    project, first, second = sorted_units
    assert project.condensing.move_unit(second, "Samhandling/Respekt") == ["Samhandling/Varsling"]
    assert project.units.get([second])[0].codes == ("Samhandling/Respekt",)
    condensation = project.condensing.get("Samhandling/Varsling")
    assert [u.id for u in condensation.units] == [first] and condensation.golden is None
    assert [u.id for u in project.synthesizing.get("Samhandling/Varsling").quotes] == [first]
    assert project.history.log(limit=1)[0].summary == f"move unit {second} to Samhandling/Respekt"
    project.history.undo()
    assert project.condensing.get("Samhandling/Varsling").golden.id == second


def test_a_finer_code_moves_to_the_subgroup_and_a_new_subgroup_on_the_way(sorted_units):
    project, first, _ = sorted_units
    with pytest.raises(QualcodeError, match="no subgroup"):
        project.condensing.move_unit(first, "Samhandling/Ventetid")
    project.condensing.move_unit(first, "Samhandling/Ventetid", create=True)
    assert project.units.get([first])[0].codes == ("Samhandling/Ventetid",)


def test_refusals(sorted_units):
    project, first, second = sorted_units
    with pytest.raises(QualcodeError, match="is in Samhandling/Varsling already"):
        project.condensing.move_unit(second, "Samhandling/Varsling")
    with pytest.raises(QualcodeError, match="not a subgroup"):
        project.condensing.move_unit(second, "Samhandling")
    with pytest.raises(QualcodeError, match="not coded in code group Økonomi"):
        project.codebook.add("Økonomi/Budsjett")
        project.condensing.move_unit(second, "Økonomi/Budsjett")
    with Project(project.path, coder="ola") as ola, pytest.raises(QualcodeError, match="by tester only"):
        ola.condensing.move_unit(second, "Samhandling/Respekt")


def test_the_cli_moves_a_unit(sorted_units):
    project, _, second = sorted_units
    result = CliRunner().invoke(cli, ["move-unit", str(project.path), str(second), "--to", "Samhandling/Respekt"])
    assert result.exit_code == 0, result.output
    assert "moved to Samhandling/Respekt (from Samhandling/Varsling)" in result.output
