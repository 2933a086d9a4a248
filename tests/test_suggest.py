"""Which codes the picker offers for what is typed: project.codebook.suggest and its ranking."""

from __future__ import annotations

from qualcode.codebook.suggest import rank

PATHS = ["Samarbeidsavtaler og rutiner/Kjennskap til avtalene",
         "Samarbeidsavtaler og rutiner/Kjennskap til avtalene/Avtalen er for overordnet",
         "Relasjoner, respekt og kultur/Likeverd og respekt/Gjensidig respekt",
         "Innleggelse, utskrivning og overganger/Utskrivning og varsling/Brå utskrivning"]


def test_a_half_typed_name_finds_the_code_and_not_strangers():
    found = [s.path for s in rank(PATHS, "Kjenn")]
    assert found[0] == "Samarbeidsavtaler og rutiner/Kjennskap til avtalene"
    assert "Relasjoner, respekt og kultur/Likeverd og respekt/Gjensidig respekt" not in found


def test_the_codes_own_name_counts_as_much_as_its_path():
    assert rank(PATHS, "brå utskr")[0].path.endswith("Brå utskrivning")


def test_recent_codes_come_first_when_nothing_is_typed_and_win_ties():
    recent = [PATHS[2]]
    assert [s.path for s in rank(PATHS, "", recent=recent)][:2] == [PATHS[2], PATHS[0]]
    tied = rank(PATHS[:2], "avtalen", recent=[PATHS[1]])  # both 100: the recent one first
    assert tied[0].path == PATHS[1] and tied[0].recent


def test_suggest_reads_the_project(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling")
    project.codebook.add("Samhandling/Tillit")
    text = project.documents.get("K1-intervju").text
    project.units.create("K1-intervju", 0, 10, codes=["Samhandling/Tillit"])
    assert project.codebook.recent() == ["Samhandling/Tillit"]
    assert [s.path for s in project.codebook.suggest("")][:1] == ["Samhandling/Tillit"]
    assert project.codebook.suggest("varsl")[0].path == "Samhandling/Varsling"
    assert "Samhandling" not in [s.path for s in project.codebook.suggest("samhandling")]  # groups are not offered
    assert text
