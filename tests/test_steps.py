"""The method's steps one by one: total impression, condensation rules, recontextualisation, counts."""

from __future__ import annotations

import pytest

from qualcode.errors import QualcodeError
from qualcode.stc.step1_impression import parse_guide


@pytest.fixture
def two_people(project, tmp_path, transcript):
    other = tmp_path / "H1-intervju.txt"
    other.write_text(
        "I: Hvordan er samarbeidet?\n\nH1: Kommunene ringer sjelden. Vi savner kontakt.\n\n"
        "I: Og økonomien?\n\nH1: Budsjettene er stramme overalt.",
        encoding="utf-8",
    )
    csv = tmp_path / "p.csv"
    csv.write_text("label,gruppe\nK1,Kommune\nH1,Helseforetak\n", encoding="utf-8")
    project.documents.import_files([transcript, other], participants_csv=csv)
    return project


def _span(project, label, words):
    text = project.documents.get(label).text
    start = text.index(words)
    return start, start + len(words)


def test_guide_outline_variants():
    assert parse_guide("# Guide\n\n## 1. Samarbeid\n- Hvordan?\n\n## 2. Utskrivning\n- Når?") == [
        ("Samarbeid", "Hvordan?"), ("Utskrivning", "Når?")]
    assert parse_guide("Samarbeid\n  Hvordan går det?\nØkonomi\n  - Hvem betaler?") == [
        ("Samarbeid", "Hvordan går det?"), ("Økonomi", "Hvem betaler?")]


def test_reading_status_memos_and_frequencies(two_people):
    project = two_people
    assert set(project.impression.reading_status().values()) == {"unread"}
    project.impression.set_reading_status("H1-intervju", "re-read")
    assert project.impression.reading_status()["H1-intervju"] == "re-read"
    with pytest.raises(QualcodeError):
        project.impression.set_reading_status("H1-intervju", "skimmed")
    memo = project.impression.add_memo("Les igjen", kind="document", target_id=project.documents.get("H1-intervju").id)
    assert [m.id for m in project.impression.memos(kind="document")] == [memo]
    by_document = dict(project.impression.frequencies(by="document"))
    k1_words = dict(by_document["K1-intervju"])
    assert k1_words["kommune"] == 4  # kommune (title), kommunen, kommunene, kommunens: one lemma
    assert "og" not in k1_words and "er" not in k1_words  # stop words are left out
    by_group = project.impression.frequencies(by="group")
    assert set(by_group) == {"Kommune", "Helseforetak"}


def test_theme_with_sources_and_to_code_group(two_people):
    project = two_people
    start, end = _span(project, "H1-intervju", "Vi savner kontakt.")
    theme_id = project.impression.add_theme("Savnet kontakt", note="Begge sider",
                                           sources=[("H1-intervju", start, end), ("K1-intervju", None, None)])
    (theme,) = project.impression.themes()
    assert [s.text for s in theme.sources] == ["Vi savner kontakt.", None]
    assert project.impression.theme_to_code_group(theme_id) == "Savnet kontakt"
    assert project.codebook.tree()[0].description == "Begge sider"
    project.impression.edit_theme(theme_id, title="Kontakt savnes")
    assert project.impression.themes()[0].title == "Kontakt savnes"
    project.impression.delete_theme(theme_id)
    assert project.impression.themes() == [] and project.codebook.tree()[0].name == "Savnet kontakt"
    project.history.undo()
    assert [t.title for t in project.impression.themes()] == ["Kontakt savnes"]


def test_condensation_rules_and_context(two_people):
    project = two_people
    k1 = project.units.create("K1-intervju", *_span(project, "K1-intervju", "Kommunen får beskjed tidligere"),
                              codes=["Kontakt/Varsling"], create_codes=True)
    h1 = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Kommunene ringer sjelden."),
                              codes=["Kontakt/Varsling/Telefon"], create_codes=True)
    outside = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Budsjettene er stramme"),
                                   codes=["Økonomi/Budsjett"], create_codes=True)
    assert [u.id for u in project.condensing.subgroup_units("Kontakt/Varsling")] == [h1, k1]
    assert project.condensing.decontextualised("Kontakt/Varsling") == ["Kommunene ringer sjelden.",
                                                                         "Kommunen får beskjed tidligere"]
    with pytest.raises(QualcodeError, match="not coded in"):
        project.condensing.set("Kontakt/Varsling", golden=outside)
    with pytest.raises(QualcodeError, match="not a subgroup"):
        project.condensing.set("Kontakt", text="tekst")
    project.condensing.set("Kontakt/Varsling", text="Jeg får beskjed tidligere nå.", unit_ids=[k1, h1], golden=k1)
    assert project.condensing.get("Kontakt/Varsling").golden.id == k1
    context = project.condensing.context_of(h1)
    assert [t.holds_unit for t in context] == [False, True, False]
    assert context[1].text.startswith("H1: Kommunene ringer sjelden.")
    # draft export order: golden nugget first when no quotes were chosen
    assert [u.id for u in project.synthesizing.quotes_for_export("Kontakt/Varsling")] == [k1, h1]


def test_recontext_places_and_counts(two_people):
    project = two_people
    varsling = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Kommunene ringer sjelden."),
                                    codes=["Kontakt/Varsling"], create_codes=True)
    savn = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Vi savner kontakt."),
                                codes=["Kontakt/Savn"], create_codes=True)
    found = project.synthesizing.recontext("Kontakt/Varsling")
    assert [(p.start, p.codes) for p in found.units_of_other_codes] == [
        (project.units.get([savn])[0].start, ("Kontakt/Savn",))]
    assert [p.text for p in found.uncoded_turns] == ["Budsjettene er stramme overalt."]
    counts = {c.subgroup: c for c in project.synthesizing.counts()}
    assert counts["Kontakt/Varsling"].phrase() == "1 of 2 informants"
    assert counts["Kontakt/Varsling"].by_group == {"Helseforetak": (1, 1), "Kommune": (0, 1)}
    participants, groups, cells = project.synthesizing.matrix()
    assert participants == ["H1", "K1"] and groups == ["Kontakt"] and cells == {("H1", "Kontakt"): 2}
    assert varsling


def test_deleting_a_unit_says_what_let_go_of_it(two_people):
    project = two_people
    unit = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Vi savner kontakt."),
                                codes=["Kontakt/Savn"], create_codes=True)
    project.condensing.set("Kontakt/Savn", text="Jeg savner kontakt.", unit_ids=[unit], golden=unit)
    project.synthesizing.set("Kontakt/Savn", quotes=[unit])
    assert project.units.delete(unit) == ["the golden nugget of Kontakt/Savn",
                                          "a quote in the synthesis of Kontakt/Savn"]
    assert project.condensing.get("Kontakt/Savn").golden is None
    project.history.undo()
    assert project.condensing.get("Kontakt/Savn").golden.id == unit


def test_draft_quotes_leave_out_units_inside_others(two_people):
    project = two_people
    both = "Kommunene ringer sjelden. Vi savner kontakt."
    whole = project.units.create("H1-intervju", *_span(project, "H1-intervju", both),
                                 codes=["Kontakt/Savn"], create_codes=True)
    part = project.units.create("H1-intervju", *_span(project, "H1-intervju", "Vi savner kontakt."),
                                codes=["Kontakt/Savn/Direkte"], create_codes=True)
    assert {u.id for u in project.units.list(code_path="Kontakt/Savn")} == {whole, part}
    assert [u.id for u in project.synthesizing.quotes_for_export("Kontakt/Savn")] == [whole]
