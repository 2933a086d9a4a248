"""Agreement between coders: hand-computed cases, the published worked examples, and a second
implementation (the krippendorff package, scikit-learn's Cohen's kappa) on the demo corpus."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.project import Project
from qualcode.team.coefficients import Counts, cohens_kappa, krippendorff_alpha, percent_agreement
from qualcode.team.disagreements import DIFFERENT_CODE, DIFFERENT_EXTENT, NONE, ONE_CODER
from qualcode.team.intervals import coverage, intersect, merged, subtract, to_items

TILLIT = "Samhandling/Tillit"
ANSVAR = "Samhandling/Ansvar"


def new_project(tmp_path: Path, documents: dict[str, str]) -> Path:
    path = tmp_path / "team.qualcode"
    with Project.create(path, language="nb", coder="leder") as project:
        files = []
        for label, text in documents.items():
            file = tmp_path / f"{label}.txt"
            file.write_text(text, encoding="utf-8")
            files.append(file)
        report = project.documents.import_files(files)
        assert not report.failed
        project.codebook.add(TILLIT)
        project.codebook.add(ANSVAR)
    return path


def code(path: Path, coder: str, document: str, spans: list[tuple[int, int]], code_path: str = TILLIT) -> None:
    with Project(path, coder=coder) as project:
        for start, end in spans:
            project.units.create(document, start, end, codes=[code_path], create_codes=True)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# The coefficients, from a 2x2 table

def test_a_2x2_of_20_5_10_15_has_kappa_0_4() -> None:
    counts = Counts(both=20, first_only=5, second_only=10, neither=15)
    assert cohens_kappa(counts).value == pytest.approx(0.4)
    assert percent_agreement(counts).value == pytest.approx(35 / 50)
    first = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    second = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert cohen_kappa_score(first, second) == pytest.approx(0.4)
    alpha = krippendorff_alpha({(2, 2): 20, (2, 1): 15, (2, 0): 15})
    assert alpha.value == pytest.approx(krippendorff.alpha(reliability_data=[first, second],
                                                           level_of_measurement="nominal"))


def test_alpha_by_hand_with_a_missing_value() -> None:
    # three items, three coders; the third coder did not judge item 1, the first not item 3:
    # values (1,1,-), (1,1,0), (-,0,0). Coincidences: item 1 gives o_11 += 2; item 2 (m = 3) gives
    # o_11 += 2*1/2 and o_01 = o_10 += 2*1/2; item 3 gives o_00 += 2. So o_11 = 3, o_00 = 2, o_01 = 1,
    # n_1 = 4, n_0 = 3, n = 7: alpha = 1 - (n - 1) o_01 / (n_0 n_1) = 1 - 6 / 12 = 0.5
    alpha = krippendorff_alpha({(2, 2): 1, (3, 2): 1, (2, 0): 1})
    assert alpha.value == pytest.approx(0.5)
    reference = krippendorff.alpha(reliability_data=np.array([[1, 1, np.nan], [1, 1, 0], [np.nan, 0, 0]]),
                                   level_of_measurement="nominal")
    assert alpha.value == pytest.approx(reference)


def test_no_variation_is_na_with_its_reason_never_0_or_1() -> None:
    for counts in (Counts(neither=30), Counts(both=30)):
        kappa = cohens_kappa(counts)
        assert kappa.value is None and "no variation" in kappa.reason
    assert cohens_kappa(Counts()).reason == "no items to compare"
    assert krippendorff_alpha({(2, 0): 12}).value is None
    assert "nobody coded" in krippendorff_alpha({(2, 0): 12}).reason
    assert "every coder coded every item" in krippendorff_alpha({(2, 2): 12}).reason
    assert krippendorff_alpha({(1, 1): 5}).reason == "no item was judged by two coders"
    # one coder coding nothing while the other codes something is variation: kappa is 0, defined
    assert cohens_kappa(Counts(first_only=5, neither=5)).value == 0


# The published worked examples, through a project

SENTENCES = " ".join(f"Setning nummer {n} handler om kommunen og helseforetaket." for n in range(1, 11))


def test_atlas_ti_manual_example_ten_segments(tmp_path: Path) -> None:
    """ATLAS.ti's manual: coder 1 1100000000, coder 2 0110010100: 60 %, alpha 0.0952, kappa 0.0909."""
    path = new_project(tmp_path, {"K1-intervju": SENTENCES})
    with Project(path) as project:
        sentences = project.units.proposed_boundaries("K1-intervju")
    assert len(sentences) == 10
    code(path, "kari", "K1-intervju", [sentences[i] for i, bit in enumerate("1100000000") if bit == "1"])
    code(path, "ole", "K1-intervju", [sentences[i] for i, bit in enumerate("0110010100") if bit == "1"])
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"], unit="sentence")
    figures = report.codes[0]
    assert figures.counts == Counts(both=1, first_only=1, second_only=3, neither=5)
    assert figures.percent_agreement.value == pytest.approx(0.60)
    assert round(figures.alpha.value, 4) == 0.0952
    assert round(figures.kappa.value, 4) == 0.0909


def test_nvivo_help_example_thousand_characters(tmp_path: Path) -> None:
    """NVivo's help: 50 characters coded by both, 100 by one only, 50 by the other only, 800 by
    neither: agreement 85 %, kappa 0.318."""
    text = ("Kommunen og helseforetaket møtes hver måned for å snakke om pasientene. " * 20)[:999] + "."
    path = new_project(tmp_path, {"K2-intervju": text})
    with Project(path) as project:
        assert len(project.documents.get("K2-intervju").text) == 1000
    code(path, "kari", "K2-intervju", [(0, 150)])
    code(path, "ole", "K2-intervju", [(100, 200)])
    with Project(path) as project:
        figures = project.team.agreement(["kari", "ole"]).codes[0]
    assert figures.counts == Counts(both=50, first_only=100, second_only=50, neither=800)
    assert figures.percent_agreement.value == pytest.approx(0.85)
    assert round(figures.kappa.value, 3) == 0.318


# Hand-computed small cases

TURNS = ("I: Hvordan er samarbeidet med helseforetaket?\n\n"
         "K1: Det er bedre nå. Vi får beskjed før pasienten skrives ut.\n\n"
         "I: Og når det ikke skjer?\n\n"
         "K1: Da står vi der med en pasient og ingen epikrise. Det er det verste.\n")


def test_characters_sentences_and_turns_by_hand(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS})
    with Project(path) as project:
        text = project.documents.get("K1-intervju").text
    bedre = text.index("Det er bedre")
    beskjed = text.index("Vi får beskjed")
    kari = (bedre, bedre + 6)  # a few characters of the first answer's first sentence
    ole = (bedre, beskjed + 10)  # the whole first sentence and part of the second
    code(path, "kari", "K1-intervju", [kari])
    code(path, "ole", "K1-intervju", [ole])
    with Project(path) as project:
        by_character = project.team.agreement(["kari", "ole"]).codes[0]
        by_sentence = project.team.agreement(["kari", "ole"], unit="sentence").codes[0]
        by_turn = project.team.agreement(["kari", "ole"], unit="turn").codes[0]
        sentences = project.units.proposed_boundaries("K1-intervju")
    both = kari[1] - kari[0]
    assert by_character.counts == Counts(both, 0, ole[1] - ole[0] - both, len(text) - (ole[1] - ole[0]))
    # a sentence counts as coded if any of its characters is: both coded sentence 2, only ole sentence 3
    assert by_sentence.counts == Counts(1, 0, 1, len(sentences) - 2)
    # both coded the first answer: one turn of four; no variation in the other three ... kappa is 1
    assert by_turn.counts == Counts(1, 0, 0, 3)
    assert by_turn.kappa.value == pytest.approx(1.0)


def test_uncoded_text_excluded_means_text_no_coder_coded_with_any_code(tmp_path: Path) -> None:
    text = "Kommunen får beskjed for sent. " * 4
    path = new_project(tmp_path, {"K3-intervju": text})
    code(path, "kari", "K3-intervju", [(0, 10)], TILLIT)
    code(path, "ole", "K3-intervju", [(20, 30)], ANSVAR)
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"], exclude_uncoded=True)
    by_code = {c.path: c for c in report.codes}
    # the universe is both codings' text (20 characters) for every code, never per code
    assert by_code[TILLIT].counts == Counts(both=0, first_only=10, second_only=0, neither=10)
    assert by_code[ANSVAR].counts == Counts(both=0, first_only=0, second_only=10, neither=10)
    assert by_code[TILLIT].kappa.value == 0
    assert report.pooled.items == 40


def test_identical_coding_of_all_uncoded_excluded_text_is_na(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K3-intervju": "Kommunen får beskjed for sent, sier hun. " * 3})
    code(path, "kari", "K3-intervju", [(0, 40)])
    code(path, "ole", "K3-intervju", [(0, 40)])
    with Project(path) as project:
        figures = project.team.agreement(["kari", "ole"], exclude_uncoded=True).codes[0]
    assert figures.percent_agreement.value == 1
    assert figures.kappa.value is None and figures.alpha.value is None
    assert "no variation: both coders coded every item" in figures.kappa.reason
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole", "--exclude-uncoded")
    assert status == 0
    assert "n/a" in out and "no variation" in out


def test_interviewer_turns_left_out(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS})
    with Project(path) as project:
        document = project.documents.get("K1-intervju")
    question = document.turns[0]
    code(path, "kari", "K1-intervju", [(question.start, question.end)])  # the interviewer's question
    code(path, "ole", "K1-intervju", [(document.turns[1].body_start, document.turns[1].end)])
    with Project(path) as project:
        kept = project.team.agreement(["kari", "ole"], exclude_interviewer=True).codes[0]
        everything = project.team.agreement(["kari", "ole"]).codes[0]
    asked = sum(t.end - t.start for t in document.turns if t.speaker == "I")
    assert everything.items == len(document.text)
    assert kept.items == len(document.text) - asked
    assert kept.counts.first_only == 0  # kari's coding lay in the question only
    assert everything.counts.first_only == question.end - question.start


def test_only_documents_every_coder_coded_and_the_share_double_coded(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS, "K2-intervju": TURNS.replace("K1", "K2"),
                                  "H1-intervju": TURNS.replace("K1", "H1")})
    code(path, "kari", "K1-intervju", [(5, 30)])
    code(path, "ole", "K1-intervju", [(10, 30)])
    code(path, "kari", "K2-intervju", [(5, 30)])
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"])
        lengths = {d.label: len(project.documents.get(d.label).text) for d in project.documents.list()}
    assert report.documents == ("K1-intervju",)
    assert {(left.document, left.reason) for left in report.left_out} == {
        ("K2-intervju", "coded by kari only"), ("H1-intervju", "coded by none of them")}
    assert report.codes[0].items == lengths["K1-intervju"]
    double = report.double_coded
    assert (double.documents, double.documents_total) == (1, 3)
    assert double.share == pytest.approx(lengths["K1-intervju"] / sum(lengths.values()))


def test_rolled_up_to_subgroup_and_code_group_as_the_union_of_their_codes(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": "Kommunen får beskjed for sent, sier hun. " * 3})
    code(path, "kari", "K1-intervju", [(0, 10)], "Samhandling/Tillit/Blir hørt")
    code(path, "ole", "K1-intervju", [(0, 10)], "Samhandling/Tillit/Blir trodd")
    code(path, "ole", "K1-intervju", [(50, 60)], ANSVAR)
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"])
    assert [c.path for c in report.codes] == [
        "Samhandling/Tillit/Blir hørt", "Samhandling/Tillit/Blir trodd", ANSVAR]
    assert all(c.kappa.value is not None and c.kappa.value <= 0 for c in report.codes)
    subgroups = {c.path: c for c in report.subgroups}
    assert subgroups[TILLIT].counts.both == 10 and subgroups[TILLIT].kappa.value == pytest.approx(1)
    group = report.code_groups[0]
    assert group.path == "Samhandling"
    assert group.counts == Counts(both=10, first_only=0, second_only=10, neither=group.items - 20)
    # pooled: the three per-code tables stacked; mean: of the three per-code figures
    assert report.pooled.counts == sum((c.counts for c in report.codes), Counts())
    assert report.mean.kappa.value == pytest.approx(sum(c.kappa.value for c in report.codes) / 3)


def test_scope_to_one_code_with_the_codes_under_it(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": "Kommunen får beskjed for sent, sier hun. " * 3})
    code(path, "kari", "K1-intervju", [(0, 10)], "Samhandling/Tillit/Blir hørt")
    code(path, "ole", "K1-intervju", [(50, 60)], ANSVAR)
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"], code=TILLIT)
    assert [c.path for c in report.codes] == ["Samhandling/Tillit/Blir hørt"]
    assert [c.path for c in report.subgroups] == [TILLIT] and report.code_groups == ()


# Three coders: alpha with missing values, a pairwise kappa matrix

def test_three_coders_alpha_with_missing_values_and_pairwise_kappa(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": SENTENCES, "K2-intervju": SENTENCES.replace("kommunen", "bydelen")})
    with Project(path) as project:
        spans = {label: project.units.proposed_boundaries(label) for label in ("K1-intervju", "K2-intervju")}
    assert len(spans["K1-intervju"]) == len(spans["K2-intervju"]) == 10
    plan = {("kari", "K1-intervju"): "1100110000", ("ole", "K1-intervju"): "1000111000",
            ("per", "K1-intervju"): "1100100001", ("kari", "K2-intervju"): "0011000000",
            ("ole", "K2-intervju"): "0111000100"}  # per did not code K2: missing there, not "uncoded"
    for (coder, document), bits in plan.items():
        code(path, coder, document, [spans[document][i] for i, bit in enumerate(bits) if bit == "1"])
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole", "per"], unit="sentence")
    rows = {c: [int(b) for b in plan[(c, "K1-intervju")]] + ([int(b) for b in plan[(c, "K2-intervju")]]
                                                            if (c, "K2-intervju") in plan else [np.nan] * 10)
            for c in ("kari", "ole", "per")}
    expected = krippendorff.alpha(reliability_data=np.array(list(rows.values()), dtype=float),
                                  level_of_measurement="nominal")
    figures = report.codes[0]
    assert figures.alpha.value == pytest.approx(expected)
    matrix = report.pairwise_kappa()
    coders = report.scope.coders
    for i, first in enumerate(coders):
        assert matrix[i][i] is None
        for j, second in enumerate(coders):
            if i == j:
                continue
            shared = [k for k in range(20) if not np.isnan(rows[first][k]) and not np.isnan(rows[second][k])]
            reference = cohen_kappa_score([rows[first][k] for k in shared], [rows[second][k] for k in shared])
            assert matrix[i][j].value == pytest.approx(reference)
    # with three coders, kappa is the mean of the pairwise kappas (Light's)
    assert figures.kappa.value == pytest.approx(np.mean([p.kappa.value for p in figures.pairs]))
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole,per", "--unit", "sentence")
    assert status == 0 and "each pair of coders" in out and "kari" in out


# Against a second implementation on the demo corpus, coded by two coders

def _recode_demo_as_two_coders(tmp_path: Path) -> Path:
    path = build_demo(tmp_path)
    with Project(path) as project:
        units = project.units.list()
        lengths = {d.label: len(project.documents.get(d.label).text) for d in project.documents.list()}
    with Project(path, coder="kari") as kari, Project(path, coder="ole") as ole:
        for index, unit in enumerate(units):
            for code_path in unit.codes:
                if index % 5:
                    kari.units.create(unit.document, unit.start, unit.end, codes=[code_path])
                if index % 7 == 0:  # a longer span than kari's
                    end = min(unit.end + 40, lengths[unit.document])
                    ole.units.create(unit.document, max(unit.start - 15, 0), end, codes=[code_path])
                elif index % 4 != 1:
                    ole.units.create(unit.document, unit.start, unit.end, codes=[code_path])
                elif index % 8 == 5:  # the same text under another code
                    ole.units.create(unit.document, unit.start, unit.end, codes=[units[0].codes[0]])
    return path


def _reference_arrays(project: Project, coder: str, code_paths: list[str], documents: list[str],
                      unit: str) -> np.ndarray:
    """A per-item 0/1 array built the plain way, by filling each coded span, document after document."""
    code_ids = [project.codebook.code_id(p) for p in code_paths]
    coded_units = {row[0] for row in project.conn.execute(
        f"SELECT unit_id FROM codings WHERE coder = ? AND code_id IN ({','.join('?' * len(code_ids))})",
        (coder, *code_ids))}
    parts = []
    for label in documents:
        document = project.documents.get(label)
        marks = np.zeros(len(document.text), dtype=int)
        for u in project.units.list(document=label):
            if u.id in coded_units:
                marks[u.start:u.end] = 1
        if unit == "character":
            parts.append(marks)
        else:
            spans = project.documents.sentence_spans(document) if unit == "sentence" else [
                (t.start, t.end) for t in document.turns]
            parts.append(np.array([int(marks[s:e].any()) for s, e in spans if s < e], dtype=int))
    return np.concatenate(parts)


@pytest.mark.parametrize("unit", ["character", "sentence", "turn"])
def test_demo_corpus_matches_krippendorff_and_scikit_learn(tmp_path: Path, unit: str) -> None:
    path = _recode_demo_as_two_coders(tmp_path)
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"], unit=unit)
        assert len(report.codes) >= 8
        pooled_kari, pooled_ole = [], []
        for figures in (*report.codes, *report.code_groups):
            paths = [figures.path] if figures.level == "code" else [
                c.path for c in report.codes if c.path.startswith(f"{figures.path}/")]
            kari = _reference_arrays(project, "kari", paths, list(report.documents), unit)
            ole = _reference_arrays(project, "ole", paths, list(report.documents), unit)
            assert figures.items == len(kari)
            assert round(figures.kappa.value, 3) == round(cohen_kappa_score(kari, ole), 3)
            reference = krippendorff.alpha(reliability_data=np.vstack([kari, ole]), level_of_measurement="nominal")
            assert round(figures.alpha.value, 3) == round(reference, 3)
            assert figures.percent_agreement.value == pytest.approx(float(np.mean(kari == ole)))
            if figures.level == "code":
                pooled_kari.append(kari)
                pooled_ole.append(ole)
        kari, ole = np.concatenate(pooled_kari), np.concatenate(pooled_ole)
        assert round(report.pooled.kappa.value, 3) == round(cohen_kappa_score(kari, ole), 3)
        assert round(report.pooled.alpha.value, 3) == round(
            krippendorff.alpha(reliability_data=np.vstack([kari, ole]), level_of_measurement="nominal"), 3)


# Disagreements

def test_disagreements_by_kind_and_the_confusion_table(tmp_path: Path) -> None:
    text = "Kommunen får beskjed for sent. Helseforetaket ringer aldri. Vi står alene med det. " * 2
    path = new_project(tmp_path, {"K1-intervju": text})
    code(path, "kari", "K1-intervju", [(0, 30)], TILLIT)  # ole: the same text, another code
    code(path, "ole", "K1-intervju", [(0, 30)], ANSVAR)
    code(path, "kari", "K1-intervju", [(31, 59)], TILLIT)  # ole: the same code, a longer span
    code(path, "ole", "K1-intervju", [(31, 82)], TILLIT)
    code(path, "kari", "K1-intervju", [(100, 120)], TILLIT)  # ole: nothing
    with Project(path) as project:
        worklist = project.team.disagreements(["kari", "ole"])
    places = {(d.code, d.kind, d.start, d.end) for d in worklist.disagreements}
    assert (TILLIT, DIFFERENT_CODE, 0, 30) in places
    assert (ANSVAR, DIFFERENT_CODE, 0, 30) in places
    assert (TILLIT, DIFFERENT_EXTENT, 31, 82) in places
    assert (TILLIT, ONE_CODER, 100, 120) in places
    assert len(places) == 4
    instead = next(d for d in worklist.disagreements if d.code == TILLIT and d.kind == DIFFERENT_CODE)
    assert [(c.coder, c.spans, c.other_codes) for c in instead.coders] == [
        ("kari", ((0, 30),), ()), ("ole", (), (ANSVAR,))]
    assert instead.line == 1 and instead.text.startswith("Kommunen får beskjed")
    extent = next(d for d in worklist.disagreements if d.kind == DIFFERENT_EXTENT)
    assert extent.items == 82 - 59
    table = worklist.confusion[0]
    assert table.coders == ("kari", "ole") and table.codes == (TILLIT, ANSVAR, NONE)
    cell = {(r, c): table.cells[i][j] for i, r in enumerate(table.codes) for j, c in enumerate(table.codes)}
    assert cell[(TILLIT, TILLIT)] == 59 - 31
    assert cell[(TILLIT, ANSVAR)] == 30
    assert cell[(TILLIT, NONE)] == 20
    assert cell[(NONE, TILLIT)] == 82 - 59
    assert cell[(NONE, NONE)] == len(text) - 30 - 51 - 20
    status, out, _ = run("disagreements", str(path), "--coders", "kari,ole", "--kind", "different code")
    assert status == 0 and "coded it Samhandling/Ansvar" in out and "2 places to discuss" in out
    status, out, _ = run("disagreements", str(path), "--coders", "kari,ole", "--json")
    assert len(json.loads(out)["disagreements"]) == 4


def test_at_sentence_level_two_halves_of_a_sentence_agree(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": SENTENCES})
    with Project(path) as project:
        start, end = project.units.proposed_boundaries("K1-intervju")[2]
    code(path, "kari", "K1-intervju", [(start, start + 10)])
    code(path, "ole", "K1-intervju", [(start + 12, end)])
    with Project(path) as project:
        assert project.team.disagreements(["kari", "ole"], unit="sentence").disagreements == ()
        assert len(project.team.disagreements(["kari", "ole"]).disagreements) == 2


# Rounds, the CLI, and mistakes

def test_rounds_keep_their_figures_and_the_codebook_changes_that_followed(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS})
    code(path, "kari", "K1-intervju", [(5, 40)])
    code(path, "ole", "K1-intervju", [(10, 40)])
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole", "--save", "--note", "før kodebokmøtet",
                         "--coder", "kari")
    assert status == 0 and "kept as agreement round 1" in out
    status, _, _ = run("codebook", "rename", str(path), TILLIT, "Tillit og respekt", "--coder", "kari")
    assert status == 0
    status, _, _ = run("agreement", str(path), "--coders", "kari,ole", "--unit", "sentence", "--save")
    assert status == 0
    with Project(path) as project:
        rounds = project.team.rounds()
        log = [c.action for c in project.history.log()]
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].note == "før kodebokmøtet" and rounds[0].unit == "character" and rounds[1].unit == "sentence"
    assert rounds[0].codebook_changes and "Tillit og respekt" in rounds[0].codebook_changes[0]
    assert rounds[1].codebook_changes == ()
    assert rounds[0].kappa.value == pytest.approx(rounds[0].figures["pooled"]["kappa"]["value"])
    assert log.count("agreement round") == 2
    status, out, _ = run("agreement", str(path), "--rounds")
    assert status == 0 and "round 1" in out and "round 2" in out and "Tillit og respekt" in out
    status, out, _ = run("agreement", str(path), "--rounds", "--json")
    assert [r["number"] for r in json.loads(out)] == [1, 2]


def test_csv_and_json_out(tmp_path: Path) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS})
    code(path, "kari", "K1-intervju", [(5, 40)])
    code(path, "ole", "K1-intervju", [(10, 40)])
    target = tmp_path / "samsvar.csv"
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole", "--csv", str(target))
    assert status == 0 and "wrote" in out
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["level"] for r in rows] == ["code", "subgroup", "code group", "pooled", "mean of codes"]
    first = rows[0]
    assert (first["code"], first["coder_a"], first["coder_b"], first["both"]) == (TILLIT, "kari", "ole", "30")
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole", "--json")
    data = json.loads(out)
    assert data["codes"][0]["pairs"][0]["counts"]["first_only"] == 5
    assert data["double_coded"]["share"] == 1.0


@pytest.mark.parametrize(("args", "message"), [
    (["--coders", "kari"], "at least two coders"),
    (["--coders", "kari,nils"], "'nils' has coded nothing"),
    (["--coders", "kari,kari"], "named twice"),
    ([], "name the coders to compare"),
    (["--coders", "kari,ole", "--documents", "K9-intervju"], "no document 'K9-intervju'"),
    (["--coders", "kari,ole", "--code", "Samhandling/Finnes ikke"], "no subgroup 'Finnes ikke'"),
    (["--coders", "kari,ole", "--unit", "ord"], "Invalid value for '--unit'"),
])
def test_mistakes_are_one_line_and_change_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    path = new_project(tmp_path, {"K1-intervju": TURNS, "K2-intervju": TURNS.replace("K1", "K2")})
    code(path, "kari", "K1-intervju", [(5, 40)])
    code(path, "ole", "K2-intervju", [(10, 40)])
    before = path.read_bytes()
    status, out, err = run("agreement", str(path), *args)
    assert status == 1 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    status, _, err = run("agreement", str(path), "--coders", "kari,ole")
    assert status == 1 and "no document was coded by both kari and ole" in err
    assert path.read_bytes() == before


# The spans arithmetic, against plain sets of positions

spans_strategy = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted).map(tuple), max_size=8)


def _positions(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


@given(spans_strategy, spans_strategy, spans_strategy)
def test_interval_arithmetic_matches_sets(a, b, universe) -> None:
    a, b, universe = merged(a), merged(b), merged(universe)
    assert _positions(intersect(a, b)) == _positions(a) & _positions(b)
    assert _positions(subtract(a, b)) == _positions(a) - _positions(b)
    found = coverage(universe, [a, b])
    inside, in_a, in_b = _positions(universe), _positions(a), _positions(b)
    for mask in range(4):
        wanted = {i for i in inside if (i in in_a) == bool(mask & 1) and (i in in_b) == bool(mask & 2)}
        assert found.get(mask, 0) == len(wanted)


@given(spans_strategy)
def test_a_span_covers_every_item_it_touches(spans) -> None:
    items = [(0, 5), (6, 12), (12, 20), (25, 40), (41, 60)]
    starts, ends = [s for s, _ in items], [e for _, e in items]
    expected = {i for i, (s, e) in enumerate(items) for a, b in spans if a < b and a < e and b > s}
    assert _positions(to_items(spans, starts, ends)) == expected


def test_the_chapter_can_add_a_methods_table_of_the_rounds(tmp_path: Path) -> None:
    import docx

    path = new_project(tmp_path, {"K1-intervju": TURNS})
    code(path, "kari", "K1-intervju", [(5, 40)])
    code(path, "ole", "K1-intervju", [(10, 40)])
    assert run("agreement", str(path), "--coders", "kari,ole", "--save")[0] == 0
    assert run("codebook", "rename", str(path), TILLIT, "Tillit og tiltro")[0] == 0
    target = tmp_path / "kapittel.docx"
    status, _, err = run("export", "docx", str(path), "-o", str(target), "--agreement-rounds")
    assert status == 0, err
    tables = docx.Document(str(target)).tables
    header = [cell.text for cell in tables[-1].rows[0].cells]
    assert header[:3] == ["Runde", "Dato", "Kodere"] and "Cohens kappa" in header
    row = [cell.text for cell in tables[-1].rows[1].cells]
    assert row[2] == "kari, ole" and row[3] == "tegn" and "Tillit og tiltro" in row[-1]
    with Project(path) as project:
        assert project.team.rounds()[0].kappa.text().replace(".", ",") in row  # the decimal comma
        plain = tmp_path / "kapittel.md"
        project.chapter.write(plain)
    assert "Samsvar mellom kodere" not in plain.read_text(encoding="utf-8")  # only when asked for


def test_a_code_name_with_a_slash_keeps_its_path(tmp_path: Path) -> None:
    slashed = "Samhandling/Samarbeid m\\/ helseforetaket"
    path = new_project(tmp_path, {"K1-intervju": TURNS})
    code(path, "kari", "K1-intervju", [(5, 40)], slashed)
    code(path, "ole", "K1-intervju", [(10, 40)], slashed)
    with Project(path) as project:
        report = project.team.agreement(["kari", "ole"], code=slashed)
    assert [c.path for c in report.codes] == [slashed]
    status, out, _ = run("agreement", str(path), "--coders", "kari,ole", "--code", slashed)
    assert status == 0 and "  Samarbeid m/ helseforetaket" in out
