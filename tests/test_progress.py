"""Where the analysis stands: the figures per step (the step bar, `qualcode status`) and per document."""

from __future__ import annotations

from qualcode.progress import covered


def test_the_four_steps_in_figures(project, transcript):
    project.documents.import_files([transcript])
    steps = project.progress.steps()
    assert (steps.documents, steps.read, steps.themes, steps.units, steps.subgroups) == (1, 0, 0, 0, 0)
    text = project.documents.get("K1-intervju").text
    project.impression.set_reading_status("K1-intervju", "read")
    project.impression.add_theme("Tillit", note="K1 sier det")
    first = project.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                                 codes=["Samhandling/Varsling/Tidlig beskjed"], create_codes=True)
    project.units.create("K1-intervju", text.index("Kommunens folk"), text.index("alvor.") + 6,
                         codes=["Samhandling/Respekt"], create_codes=True)
    project.units.create("K1-intervju", text.index("Helseforetakene er"), text.index("store.") + 6,
                         codes=["Økonomi/Budsjett"], create_codes=True)
    project.codebook.add("Tomt/Ingenting")  # a subgroup without units is not yet work to do
    project.condensing.set("Samhandling/Varsling", text="Jeg får vite det tidligere nå.", unit_ids=[first])
    project.condensing.set("Samhandling/Respekt", text="   ")  # whitespace is no condensate
    project.synthesizing.set("Samhandling/Varsling", heading="Tidligere beskjed", analytic_text="K1 forteller ...")
    project.synthesizing.mark_recontextualised("Samhandling/Varsling")
    project.synthesizing.set("Samhandling/Respekt", heading="Bare en overskrift")
    steps = project.progress.steps()
    assert (steps.read, steps.documents, steps.themes, steps.units) == (1, 1, 1, 3)
    assert (steps.code_groups, steps.subgroups, steps.condensed, steps.written, steps.checked) == (2, 3, 1, 1, 1)
    assert steps.line() == ("1 Impression 1/1 read · 1 theme │ 2 Units 3 · 2 groups │ 3 Condensed 1/3 │ "
                            "4 Written 1/3 · checked 1/3")


def test_reading_is_counted_for_the_coder_who_read(project, transcript, tmp_path):
    from qualcode.project import Project

    project.documents.import_files([transcript])
    with Project(project.path, coder="ola") as ola:
        ola.impression.set_reading_status("K1-intervju", "re-read")
        assert ola.progress.steps().read == 1
    assert project.progress.steps().read == 0


def test_each_document_with_its_participants_status_and_coded_share(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Samarbeidet er bedre")
    project.units.create("K1-intervju", start, start + 40, codes=["Samhandling/Varsling"], create_codes=True)
    project.units.create("K1-intervju", start + 20, start + 60, codes=["Samhandling/Respekt"], create_codes=True)
    project.impression.set_reading_status("K1-intervju", "read")
    (document,) = project.progress.documents()
    assert (document.label, document.kind, document.participants, document.status, document.units) == (
        "K1-intervju", "interview", ("K1",), "read", 2)
    assert document.coded_share == 60 / len(text)  # the overlap counts once


def test_covered_counts_overlaps_once():
    assert covered([]) == 0
    assert covered([(0, 10), (5, 15), (20, 25), (21, 22)]) == 20
