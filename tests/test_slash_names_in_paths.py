"""A code name's own slash (og/eller, samarbeid m/ helseforetaket) in the paths that the scripted analysis
builds and that undo's refusals name: written \\/ as the commands read it, never a level of its own."""

from __future__ import annotations

import pytest

from qualcode.project import Project
from qualcode.stc.scripted import load_analysis
from qualcode.store.changes import UndoRefused

GROUP = "Samhandling og/eller samarbeid"
SUBGROUP = "Samarbeid m/ helseforetaket"
CODE = "Bedre/raskere"

ANALYSIS = f"""
code_groups:
  - name: "{GROUP}"
    heading: "Samarbeidet"
    subgroups:
      - name: "{SUBGROUP}"
        condensate: "Vi samarbeider bedre nå."
        units:
          - document: K1-intervju
            quote: "Samarbeidet er bedre nå."
            code: "{CODE}"
          - document: K1-intervju
            quote: "Kommunens folk blir tatt på alvor."
"""


def test_the_scripted_analysis_keeps_a_slash_inside_a_name(project, transcript, tmp_path):
    project.documents.import_files([transcript])
    script = tmp_path / "analyse.yaml"
    script.write_text(ANALYSIS, encoding="utf-8")
    counts = load_analysis(project, script)
    assert counts == {"themes": 0, "code_groups": 1, "subgroups": 1, "units": 2}
    (group,) = project.codebook.tree()
    assert group.name == GROUP
    (subgroup,) = group.children
    assert subgroup.name == SUBGROUP
    assert [code.name for code in subgroup.children] == [CODE]
    subgroup_path = "Samhandling og\\/eller samarbeid/Samarbeid m\\/ helseforetaket"
    assert [unit.text for unit in project.units.list(code_path=subgroup_path + "/Bedre\\/raskere")] == [
        "Samarbeidet er bedre nå."]
    assert project.condensing.get(subgroup_path).text == "Vi samarbeider bedre nå."


def test_undo_names_a_code_by_the_path_the_commands_take(project):
    path = "Samhandling/samarbeid m\\/ helseforetaket"
    project.codebook.add(path)
    project.codebook.describe(path, description="Faste møter")
    with Project(project.path, coder="kari") as kari:
        kari.codebook.describe(path, description="Kari: faste møter og telefon")
    with pytest.raises(UndoRefused) as refused:
        project.history.undo()
    assert f"code {path} was changed since by kari" in str(refused.value)
