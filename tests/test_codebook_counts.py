"""The codebook tree's counts: a code's units and informants include everything coded below it, a unit once,
and agree with `qualcode counts` (the subgroups' informants, the informant x code-group matrix)."""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook.service import flatten
from qualcode.demo import build_demo
from qualcode.project import Project


def _counts(project: Project) -> dict[str, tuple[int, int]]:
    return {code.path: (code.units, code.participants) for code in flatten(project.codebook.tree())}


def test_a_group_counts_its_subgroups_and_codes_units_once_each(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Tom gruppe/Ubrukt undergruppe")
    text = project.documents.get("K1-intervju").text

    def unit(quote: str, codes: list[str]) -> None:
        start = text.index(quote)
        project.units.create("K1-intervju", start, start + len(quote), codes=codes, create_codes=True)

    unit("Kommunen får beskjed tidligere", ["Samhandling/Varsling"])
    unit("Kommunens folk blir tatt på alvor.", ["Samhandling/Respekt/Hørt", "Samhandling/Varsling"])  # one unit, two
    unit("Hvordan opplever du samarbeidet", ["Samhandling/Respekt"])  # the interviewer's turn: no informant
    assert _counts(project) == {
        "Tom gruppe": (0, 0),
        "Tom gruppe/Ubrukt undergruppe": (0, 0),
        "Samhandling": (3, 1),  # nothing coded on the group itself: all three from below, the shared one once
        "Samhandling/Varsling": (2, 1),
        "Samhandling/Respekt": (2, 1),
        "Samhandling/Respekt/Hørt": (1, 1),
    }


def test_the_demo_trees_counts_are_those_of_qualcode_counts(tmp_path: Path):
    with Project(build_demo(tmp_path, "nb"), "tester") as project:
        tree = project.codebook.tree()
        participants, groups, cells = project.synthesizing.matrix()
        for group in tree:  # every demo unit is an informant's: the matrix column holds the group's units
            column = [cells.get((p, group.name), 0) for p in participants]
            assert (group.units, group.participants) == (sum(column), sum(1 for n in column if n)), group.path
        informants = {count.subgroup: len(count.participants) for count in project.synthesizing.counts()}
        assert {s.path: s.participants for g in tree for s in g.children} == informants
        # the starting codebook's groups the demo analysis does not use hold nothing, below them neither
        assert [(g.name, g.units) for g in tree] == [
            ("Samarbeidsavtaler og rutiner", 0),
            ("Innleggelse, utskrivning og overganger", 18),
            ("Samarbeidsmøter, ansvarsgrupper og informasjon", 0),
            ("Relasjoner, respekt og kultur", 0),
            ("Kompetanse, veiledning og ambulante tjenester", 0),
            ("Brukermedvirkning og pårørende", 0),
            ("Opplevelsen av samhandling mellom kommunen og helseforetaket", 18),
            ("Felles arenaer og kompetanse", 12),
            ("Brukerens og pårørendes plass i samhandlingen", 11),
        ]
        assert sum(g.units for g in tree) == len(project.units.list()) == 59  # what the step bar says
