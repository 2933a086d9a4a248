"""Fork and merge: two coders' diverging work on the demo corpus merged with nothing lost."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.errors import QualcodeError
from qualcode.project import Project
from qualcode.team.merge import CoderConflict, merge_projects
from qualcode.team.review import read_review

# codes of the demo's starting codebook
BRÅ = "Innleggelse, utskrivning og overganger/Utskrivning og varsling/Brå utskrivning"
VENTETID = "Innleggelse, utskrivning og overganger/Innleggelse og ventetid"
PERSON = "Samarbeidsavtaler og rutiner/Personavhengighet"
SPRÅK = "Relasjoner, respekt og kultur/Ulike språk og kulturer"
FACT = "Kompetanse, veiledning og ambulante tjenester/FACT og ambulante team"
HF_A = "Samhandling/Samarbeid med HF"
HF_B = "Samhandling/samarbeid m. helseforetaket"
TILLIT = "Relasjoner, respekt og kultur/Likeverd og respekt/Tillit"
HF_TEXT = "Hvordan kommunen og helseforetaket samarbeider om pasientene, og hvem som tar ansvar"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def base(demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "samhandling.qualcode"
    shutil.copy(demo, path)
    return path


def span(project: Project, document: str, quote: str, extra: int = 0) -> tuple[int, int]:
    start = project.documents.get(document).text.index(quote)
    return start, start + len(quote) + extra


def fork(base: Path, coder: str) -> Path:
    target = base.with_name(f"samhandling-{coder}.qualcode")
    with Project(base, coder="prosjektleder") as project:
        project.team.fork(target, coder=coder)
    return target


def diverge(base: Path) -> tuple[Path, Path]:
    """Two forks coded apart: renames on one side, on the other and on both, a split, a code only one
    coder has, the same new code under two names, and units that overlap or are the same span."""
    kari, ola = fork(base, "kari"), fork(base, "ola")
    with Project(kari, coder="kari") as project:
        project.codebook.add(HF_A, description=HF_TEXT)
        project.codebook.add(TILLIT, description="Tillit mellom nivåene")
        project.units.create("K1-intervju", *span(project, "K1-intervju", "Det står at de skal varsle kommunen"),
                             codes=[HF_A])
        project.units.create("K2-intervju", *span(project, "K2-intervju", "Vi har mistet en ung mann i overdose"),
                             codes=[VENTETID, TILLIT])
        project.codebook.rename(BRÅ, "Brå utskrivninger")
        project.codebook.rename(PERSON, "Ildsjeler")
        project.units.create("H1-intervju", *span(project, "H1-intervju", "Da lærer man hverandres språk."),
                             codes=[FACT])
    with Project(ola, coder="ola") as project:
        project.codebook.add(HF_B, description=HF_TEXT + ".")
        k1 = span(project, "K1-intervju", "Det står at de skal varsle kommunen")
        project.units.create("K1-intervju", *k1, codes=[HF_B])  # the same span as kari's
        project.units.create("K1-intervju", k1[0], k1[1] + 20, codes=[HF_B])  # overlapping it
        project.units.create("K2-intervju", *span(project, "K2-intervju", "Vi har mistet en ung mann i overdose"),
                             codes=[VENTETID])  # the same span and code as kari's
        project.codebook.rename(SPRÅK, "Språk, kultur og lovverk")
        project.codebook.rename(PERSON, "Personavhengig samarbeid")
        fact = [project.units.create("H1-intervju", *span(project, "H1-intervju", quote), codes=[FACT])
                for quote in ("Da lærer man hverandres språk.", "Og jeg tror at kommunen har hatt grunn")]
        project.codebook.split(FACT, "Ambulante akutteam", [fact[1]])
    return kari, ola


def digest(*paths: Path) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for path in paths:
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            found[candidate.name] = hashlib.sha256(candidate.read_bytes()).hexdigest() if candidate.exists() else None
    return found


def codings(path: Path) -> Counter:
    """(document text hash, start, end, coder, time) of every coding: what a merge must keep."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows = conn.execute(
            """SELECT d.text, u.start, u.end, c.coder, c.created_at FROM codings c
               JOIN units u ON u.id = c.unit_id JOIN documents d ON d.id = u.document_id""").fetchall()
    finally:
        conn.close()
    return Counter((hashlib.sha256(t.encode()).hexdigest(), s, e, who, at) for t, s, e, who, at in rows)


def code_rows(path: Path) -> dict[str, tuple]:
    """code uid -> (path, description)."""
    with Project(path) as project:
        from qualcode.codebook.service import flatten

        return {code.uid: (code.path, code.description) for code in flatten(project.codebook.tree())}


def test_two_coders_diverging_codebooks_merge_with_nothing_lost(base: Path) -> None:
    kari, ola = diverge(base)
    before = digest(kari, ola)
    merged = base.with_name("felles.qualcode")
    report = merge_projects(kari, ola, merged, coder="prosjektleder")

    assert digest(kari, ola) == before  # the inputs' bytes, and no -wal or -shm left beside them
    a, b, out = codings(kari), codings(ola), codings(merged)
    assert not a - out and not b - out  # every coding of both, with its coder and time
    identical = sum((a & b).values())  # the base's codings both forks hold, and nothing else here
    assert report.duplicates == identical == 59
    assert sum(out.values()) == sum(a.values()) + sum(b.values()) - identical == report.codings_merged
    assert report.dropped == 0
    assert {"kari", "ola", "demo"} == {who for _, _, _, who, _ in out}

    pending = {(p.b_path, p.a_path) for p in report.proposals}
    assert pending == {(HF_B, HF_A)}  # the split is not proposed back into FACT
    assert report.proposals[0].score >= 75
    assert report.proposals[0].a_examples == ("Det står at de skal varsle kommunen",)
    assert "Det står at de skal varsle kommunen" in report.proposals[0].b_examples

    codes = code_rows(merged)
    paths = {path for path, _ in codes.values()}
    assert {HF_A, HF_B, TILLIT} <= paths  # both codes of the proposal kept until someone says otherwise
    assert "Innleggelse, utskrivning og overganger/Utskrivning og varsling/Brå utskrivninger" in paths  # kari's
    assert "Relasjoner, respekt og kultur/Språk, kultur og lovverk" in paths  # only ola renamed it: taken
    assert "Samarbeidsavtaler og rutiner/Ildsjeler" in paths  # both renamed it: A's kept, both reported
    assert "Kompetanse, veiledning og ambulante tjenester/Ambulante akutteam" in paths
    conflict = [c for c in report.code_conflicts if c.field == "name"]
    assert [(c.a_value, c.b_value) for c in conflict] == [("Ildsjeler", "Personavhengig samarbeid")]
    assert [(c.a_value, c.b_value) for c in report.codes_taken_from_b] == [
        ("Ulike språk og kulturer", "Språk, kultur og lovverk")]
    assert any("Ambulante akutteam: split off" in note for note in report.lineage_notes)
    assert report.codes_only_a == [f"{TILLIT} (new since the fork)", f"{HF_A} (new since the fork)"]
    assert report.codes_added == [HF_B, "Kompetanse, veiledning og ambulante tjenester/Ambulante akutteam"]
    assert any(note.startswith("Samhandling: created on both sides") for note in report.lineage_notes)
    assert report.base.endswith("at change #102")

    with Project(merged) as project:
        k1 = project.units.list(document="K1-intervju")
        same_span = [u for u in k1 if u.text == "Det står at de skal varsle kommunen"]
        assert len(same_span) == 1 and sorted(same_span[0].codes) == [HF_A, HF_B]  # one unit, two codings
        assert any(u.text.startswith("Det står at de skal varsle kommunen") and len(u.text) > 35 for u in k1)
        k2 = [u for u in project.units.list(document="K2-intervju") if u.text == "Vi har mistet en ung mann i overdose"]
        assert len(k2) == 1
        who = project.conn.execute("SELECT coder FROM codings c JOIN codes k ON k.id = c.code_id WHERE c.unit_id = ?"
                                   " AND k.name = 'Innleggelse og ventetid'", (k2[0].id,)).fetchall()
        assert sorted(w for (w,) in who) == ["kari", "ola"]  # the same span and code: two codings, two coders
        last = project.history.log(limit=1)[0]
        assert last.action == "merge" and "samhandling-ola.qualcode" in last.summary
        logged = {row_id for (row_id,) in project.conn.execute(
            "SELECT row_id FROM change_rows WHERE change_id = ? AND table_name = 'codings' AND before IS NULL",
            (last.id,))}
        a_ids = {row_id for (row_id,) in sqlite3.connect(kari).execute("SELECT id FROM codings")}
        all_ids = {row_id for (row_id,) in project.conn.execute("SELECT id FROM codings")}
        assert logged == all_ids - a_ids  # the log says which rows came from B
        flagged = [m.text for m in project.impression.memos(kind="code") if m.text.startswith("Merge: flagged")]
        assert len(flagged) == 1 and HF_B in flagged[0] and HF_A in flagged[0]  # the project shows it too
        memo = project.impression.memos(kind="project")[-1]
        assert memo.text.startswith("# Merge report") and memo.text.rstrip().endswith("dropped: 0")

    review = merged.with_name("felles-review.csv")
    assert review.exists() and merged.with_name("felles-merge.md").read_text(encoding="utf-8").rstrip().endswith(
        "dropped: 0")
    assert oct(review.stat().st_mode & 0o777) == oct(0o600)


def decide(review: Path, b_path: str, decision: str, re_pair: str = "") -> None:
    """Write a decision into the review CSV, as a user would in a spreadsheet."""
    import csv

    with open(review, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["b"] == b_path or row["b_id"] == b_path:
            row["decision"], row["re_pair"] = decision, re_pair
    with open(review, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def unit_codes(path: Path, document: str, text: str) -> list[tuple[str, str]]:
    """(code path, coder) of the codings on the unit with exactly this text."""
    with Project(path) as project:
        unit = next(u for u in project.units.list(document=document) if u.text == text)
        rows = project.conn.execute("SELECT code_id, coder FROM codings WHERE unit_id = ?", (unit.id,)).fetchall()
        from qualcode.codebook.edit import path_of

        return sorted((path_of(project.conn, code), coder) for code, coder in rows)


def test_mapping_file_accepts_rejects_and_repairs_and_accept_above_takes_the_high_scores(base: Path) -> None:
    kari, ola = diverge(base)
    merged = base.with_name("felles.qualcode")
    first = merge_projects(kari, ola, merged)
    review = merged.with_name("felles-review.csv")
    decide(review, HF_B, "accept")
    accepted = merge_projects(kari, ola, merged, mapping=review)  # an untouched earlier merge is replaced
    assert accepted.replaced and not accepted.proposals and accepted.dropped == 0
    assert accepted.codings_merged == first.codings_merged  # ola's coding moves to HF_A, still ola's
    assert unit_codes(merged, "K1-intervju", "Det står at de skal varsle kommunen") == [(HF_A, "kari"), (HF_A, "ola")]
    assert HF_B not in {path for path, _ in code_rows(merged).values()}
    assert [row.decision for row in _review_rows(review)] == ["accept"]  # the file keeps the decision

    decide(review, HF_B, "reject")
    rejected = merge_projects(kari, ola, merged, mapping=review)
    assert not rejected.proposals and [p.b_path for p in rejected.rejected] == [HF_B]
    assert HF_B in {path for path, _ in code_rows(merged).values()}

    respekt = "Relasjoner, respekt og kultur/Likeverd og respekt"
    decide(review, HF_B, "re-pair", respekt)
    repaired = merge_projects(kari, ola, merged, mapping=review)
    assert unit_codes(merged, "K1-intervju", "Det står at de skal varsle kommunen") == [
        (respekt, "ola"), (HF_A, "kari")]
    assert repaired.dropped == 0

    decide(review, HF_B, "re-pair", TILLIT)  # a code under a subgroup cannot take a subgroup's place
    with pytest.raises(QualcodeError, match="same level"):
        merge_projects(kari, ola, merged, mapping=review)

    high = merge_projects(kari, ola, base.with_name("hoy.qualcode"), accept_above=90)
    assert [p.status for p in high.paired] == ["accepted"] and not high.proposals
    low = merge_projects(kari, ola, base.with_name("lav.qualcode"), accept_above=95)
    assert [p.b_path for p in low.proposals] == [HF_B]


def _review_rows(path: Path) -> list:
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        return [type("Row", (), row) for row in csv.DictReader(handle)]


def test_review_file_as_yaml_and_a_bad_decision_refused(base: Path) -> None:
    kari, ola = diverge(base)
    merged = base.with_name("felles.qualcode")
    review = base.with_name("parene.yaml")
    merge_projects(kari, ola, merged, review=review)
    text = review.read_text(encoding="utf-8")
    assert "kind: code" in text and "samarbeid m. helseforetaket" in text
    review.write_text(text.replace("reason:", "decision: accept\n  reason:"), encoding="utf-8")
    assert read_review(review).codes  # the accepted pair is read back
    report = merge_projects(kari, ola, merged, mapping=review, review=review)
    assert not report.proposals and report.paired

    bad = base.with_name("feil.csv")
    bad.write_text("kind,a_id,b_id,decision\ncode,x,y,kanskje\n", encoding="utf-8")
    other = base.with_name("annen.qualcode")
    result = CliRunner().invoke(cli, ["merge", str(kari), str(ola), "-o", str(other), "--mapping", str(bad)])
    assert result.exit_code == 1 and "feil.csv: line 2: decision 'kanskje'" in result.output
    assert "Traceback" not in result.output and not other.exists()


def test_the_same_coder_name_on_the_same_documents_is_asked_about_never_folded(
        base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = fork(base, "kari"), fork(base, "ola")
    for path in (first, second):  # both kept the default login name
        with Project(path, coder="tester") as project:
            project.units.create("K1-intervju", *span(project, "K1-intervju", "Det står at de skal varsle kommunen"),
                                 codes=[VENTETID])
    merged = base.with_name("felles.qualcode")
    with pytest.raises(CoderConflict, match="--coders b:tester=ola"):
        merge_projects(first, second, merged)
    assert not merged.exists()
    result = CliRunner().invoke(cli, ["merge", str(first), str(second), "-o", str(merged)])
    assert result.exit_code == 1 and "'tester' on K1-intervju" in result.output and not merged.exists()

    monkeypatch.setattr("qualcode.cli.merge._interactive", lambda: True)  # on a terminal it asks who is who
    answered = CliRunner().invoke(cli, ["merge", str(first), str(second), "-o", str(merged)], input="ola\n")
    assert answered.exit_code == 0 and "coders: B:tester -> ola" in answered.output
    apart = merge_projects(first, second, merged, coders=["b:tester=ola"])
    assert unit_codes(merged, "K1-intervju", "Det står at de skal varsle kommunen") == [
        (VENTETID, "ola"), (VENTETID, "tester")]
    assert apart.coders == {"B:tester": "ola"} and apart.duplicates == 59

    one = merge_projects(first, second, base.with_name("en.qualcode"), coders=["tester=same"])
    assert one.duplicates == 60 and one.same_coders == ["tester"]  # the identical row folded, and counted
    assert one.codings_merged == apart.codings_merged - 1 and one.dropped == 0

    with Project(second, coder="tester") as project:  # the same name on other documents only is no clash
        mine = next(u for u in project.units.list(document="K1-intervju")
                    if u.text == "Det står at de skal varsle kommunen")
        project.units.uncode(mine.id, VENTETID)
        project.units.create("H1-intervju", *span(project, "H1-intervju", "Da lærer man hverandres språk."),
                             codes=[VENTETID])
    assert merge_projects(first, second, base.with_name("to.qualcode")).dropped == 0


TRANSCRIPT = """Intervju med K1, Fjordvik kommune

I: Hvordan opplever du samarbeidet med helseforetaket?

K1: Samarbeidet er bedre nå. Kommunen får beskjed tidligere, og kommunene rundt oss merker det også.
Kommunens folk blir tatt på alvor.

I: Og kommunikasjon?

K1: Kommunikasjonen går via e-meldinger. Samarbeidene mellom nivåene har blitt tettere.
Det tar tid, som de sier på DPS-et.
"""
CORRECTED = TRANSCRIPT.replace("Samarbeidet er bedre nå.", "Samarbeidet er blitt bedre nå.").replace(
    "Det tar tid, som de sier på DPS-et.\n", "")


def small_project(folder: Path, name: str, text: str, coder: str) -> Path:
    folder.mkdir()
    (folder / "K1-intervju.txt").write_text(text, encoding="utf-8")
    path = folder / f"{name}.qualcode"
    with Project.create(path, coder=coder) as project:
        project.documents.import_files([folder / "K1-intervju.txt"])
        project.codebook.add("Samarbeid/Bedre samarbeid")
    return path


def test_a_changed_document_text_is_a_conflict_offered_for_alignment(tmp_path: Path) -> None:
    kept = small_project(tmp_path / "a", "kari", TRANSCRIPT, "kari")
    corrected = small_project(tmp_path / "b", "ola", CORRECTED, "ola")
    with Project(corrected, coder="ola") as project:
        for quote in ("Kommunens folk blir tatt på alvor.", "Samarbeidet er blitt bedre nå."):
            project.units.create("K1-intervju", *span(project, "K1-intervju", quote),
                                 codes=["Samarbeid/Bedre samarbeid"])
    with Project(kept, coder="kari") as project:
        project.units.create("K1-intervju", *span(project, "K1-intervju", "Det tar tid, som de sier på DPS-et."),
                             codes=["Samarbeid/Bedre samarbeid"])
    merged = tmp_path / "felles.qualcode"
    report = merge_projects(kept, corrected, merged)
    conflict = report.document_conflicts[0]
    assert (conflict.a_label, conflict.status, conflict.kept_as) == ("K1-intervju", "pending", "K1-intervju (ola)")
    assert 90 < conflict.similarity < 100 and conflict.regions == 2
    assert [s.b_text for s in conflict.spans] == ["Samarbeidet er blitt bedre nå."]  # in a changed region
    with Project(merged) as project:
        assert [d.label for d in project.documents.list()] == ["K1-intervju", "K1-intervju (ola)"]
        assert len(project.units.list(document="K1-intervju (ola)")) == 2  # B's version, with B's codings
        assert any(m.text.startswith("Merge: flagged for review. This is ola.qualcode's version of K1-intervju")
                   for m in project.impression.memos(kind="document"))
    review = tmp_path / "felles-review.csv"
    rows = _review_rows(review)
    assert [r.kind for r in rows] == ["document", "span"]

    decide(review, "K1-intervju", "accept")
    aligned = merge_projects(kept, corrected, merged, mapping=review)
    assert aligned.document_conflicts[0].status == "accepted" and aligned.dropped == 0
    spans = aligned.document_conflicts[0].spans
    assert [(s.how, s.a_text) for s in spans] == [("placed by the alignment", "Samarbeidet er bedre nå.")]
    with Project(merged) as project:
        assert [d.label for d in project.documents.list()] == ["K1-intervju"]  # every coding has a place
        texts = sorted((u.text, u.codes) for u in project.units.list(document="K1-intervju"))
        assert [t for t, _ in texts] == ["Det tar tid, som de sier på DPS-et.", "Kommunens folk blir tatt på alvor.",
                                         "Samarbeidet er bedre nå."]
    assert sum(codings(merged).values()) == 3

    start = TRANSCRIPT.index("Samarbeidet er bedre nå.")  # the user pins the span where they want it
    b_start = CORRECTED.index("Samarbeidet er blitt bedre nå.")
    target = f"K1-intervju:{b_start}-{b_start + len('Samarbeidet er blitt bedre nå.')}"
    decide(review, target, "re-pair", f"{start}-{start + len('Samarbeidet')}")
    pinned = merge_projects(kept, corrected, merged, mapping=review)
    assert [s.how for s in pinned.document_conflicts[0].spans] == ["re-paired"]
    with Project(merged) as project:
        assert "Samarbeidet" in [u.text for u in project.units.list(document="K1-intervju")]


def test_a_coding_whose_text_the_kept_version_lacks_stays_on_a_copy(tmp_path: Path) -> None:
    kept = small_project(tmp_path / "a", "kari", CORRECTED, "kari")
    longer = small_project(tmp_path / "b", "ola", TRANSCRIPT, "ola")
    with Project(longer, coder="ola") as project:
        project.units.create("K1-intervju", *span(project, "K1-intervju", "Det tar tid, som de sier på DPS-et."),
                             codes=["Samarbeid/Bedre samarbeid"])
        project.units.create("K1-intervju", *span(project, "K1-intervju", "Kommunens folk blir tatt på alvor."),
                             codes=["Samarbeid/Bedre samarbeid"])
    merged = tmp_path / "felles.qualcode"
    report = merge_projects(kept, longer, merged, accept_above=80)
    conflict = report.document_conflicts[0]
    assert conflict.status == "accepted" and conflict.kept_as == "K1-intervju (ola)"
    assert [(s.how, s.a_span) for s in conflict.spans] == [("kept on B's copy", None)]
    with Project(merged) as project:
        assert [u.text for u in project.units.list(document="K1-intervju (ola)")] == [
            "Det tar tid, som de sier på DPS-et."]
        assert [u.text for u in project.units.list(document="K1-intervju")] == ["Kommunens folk blir tatt på alvor."]
        assert project.documents.search("DPS-et")  # the copy is indexed for search like any document
    assert report.dropped == 0


def test_three_projects_merge_in_turn(base: Path) -> None:
    kari, ola = diverge(base)
    per = fork(base, "per")
    with Project(per, coder="per") as project:
        project.codebook.add(HF_A)  # per, too, made kari's code: matched by path
        project.units.create("H2-intervju", *span(project, "H2-intervju", "så er det ingen å ringe"), codes=[HF_A])
    first = merge_projects(kari, ola, base.with_name("kari-ola.qualcode"))
    second = merge_projects(base.with_name("kari-ola.qualcode"), per, base.with_name("alle.qualcode"))
    everyone = codings(base.with_name("alle.qualcode"))
    for path in (kari, ola, per):
        assert not codings(path) - everyone
    assert second.dropped == 0 and second.base == first.base  # the shared base is still known
    assert second.duplicates == 59 and second.codings_merged == first.codings_merged + 1
    assert {who for _, _, _, who, _ in everyone} == {"demo", "kari", "ola", "per"}
    assert any(note.startswith(f"{HF_A}: created on both sides") for note in second.lineage_notes)


def test_condensates_and_syntheses_both_wrote_are_both_kept_and_flagged(base: Path) -> None:
    kari, ola = fork(base, "kari"), fork(base, "ola")
    utskrivning = "Innleggelse, utskrivning og overganger/Utskrivning og varsling"
    betaling = "Innleggelse, utskrivning og overganger/Utskrivningsklare pasienter og betaling"
    kommunikasjon = "Opplevelsen av samhandling mellom kommunen og helseforetaket/Kommunikasjon"
    with Project(kari, coder="kari") as project:
        project.condensing.set(utskrivning, text="Jeg får vite det altfor sent, sier kari.")
        project.synthesizing.set(kommunikasjon, heading="Kommunen blir ikke hørt (kari)")
    with Project(ola, coder="ola") as project:
        project.condensing.set(utskrivning, text="Vi får beskjed for sent, sier ola.")
        project.condensing.set(betaling, text="Regningen kommer før pasienten, skriver ola.")
        project.synthesizing.set(kommunikasjon, heading="Respekten må gå begge veier (ola)")
        project.impression.add_theme("Tillit», «mistillit", note="ola sin")
        project.impression.add_memo("Husk å spørre H2 om dette", kind="project")
    report = merge_projects(kari, ola, base.with_name("felles.qualcode"))
    assert report.condensates.flagged == [utskrivning] and report.condensates.taken_from_b == [betaling]
    assert report.syntheses.flagged == [kommunikasjon]
    assert report.themes.from_b == 1 and report.memos.from_b == 1
    with Project(base.with_name("felles.qualcode")) as project:
        assert project.condensing.get(utskrivning).text == "Jeg får vite det altfor sent, sier kari."
        assert project.condensing.get(betaling).text == "Regningen kommer før pasienten, skriver ola."
        notes = [m.text for m in project.impression.memos(kind="code")]
        assert any(n.startswith(f"Merge: a second condensate of {utskrivning}") and "sier ola" in n for n in notes)
        assert any(n.startswith("Merge: a second synthesis") and "begge veier (ola)" in n for n in notes)
        assert "Tillit», «mistillit" in [t.title for t in project.impression.themes()]


def test_fork_records_its_base_and_the_cli_reports_dropped_zero(base: Path) -> None:
    runner = CliRunner()
    kari, ola = base.with_name("k.qualcode"), base.with_name("o.qualcode")
    result = runner.invoke(cli, ["fork", str(base), "-o", str(kari), "--coder", "kari"])
    assert result.exit_code == 0 and "forked" in result.output and "for kari" in result.output
    assert runner.invoke(cli, ["fork", str(base), "-o", str(ola), "--coder", "ola"]).exit_code == 0
    again = runner.invoke(cli, ["fork", str(base), "-o", str(ola), "--coder", "ola"])
    assert again.exit_code == 1 and "already exists" in again.output
    with Project(kari) as project:
        fork_record = json.loads(project.conn.execute("SELECT value FROM settings WHERE key = 'fork'").fetchone()[0])
    with Project(base) as project:
        base_id = project.conn.execute("SELECT value FROM settings WHERE key = 'project_id'").fetchone()[0]
    assert fork_record["base"] == base_id and fork_record["coder"] == "kari" and fork_record["position"] > 100

    merged = base.with_name("felles.qualcode")
    shown = runner.invoke(cli, ["merge", str(kari), str(ola), "-o", str(merged), "--coder", "leder"])
    assert shown.exit_code == 0 and shown.output.rstrip().splitlines()[-1] == "dropped: 0"
    as_json = runner.invoke(cli, ["merge", str(kari), str(ola), "-o", str(merged), "--json"])
    data = json.loads(as_json.output)
    assert data["dropped"] == 0 and data["duplicates"] == 59 and data["replaced"] is True

    with Project(merged, coder="leder") as project:  # worked on since: no longer replaced
        project.codebook.add("Ny gruppe/Ny undergruppe")
    before = digest(merged)
    refused = runner.invoke(cli, ["merge", str(kari), str(ola), "-o", str(merged)])
    assert refused.exit_code == 1 and "changed after the merge" in refused.output and digest(merged) == before
    foreign = base.with_name("annet.db")
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    stranger = digest(foreign)
    result = runner.invoke(cli, ["merge", str(kari), str(foreign), "-o", str(base.with_name("x.qualcode"))])
    assert result.exit_code == 1 and "not a qualcode project" in result.output and digest(foreign) == stranger
    assert "--accept-above 90" in runner.invoke(cli, ["merge", "--help"]).output


async def test_the_review_screen_shows_both_sides_and_merges_again_with_the_decision(base: Path) -> None:
    from textual.widgets import DataTable, Static, Tree

    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.merge_review import MergeReviewScreen

    kari, ola = diverge(base)
    merged = base.with_name("felles.qualcode")
    merge_projects(kari, ola, merged)
    app = QualcodeApp(Project(merged, coder="leder"))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("m")  # the app's binding opens the review on a merged project
        screen = app.screen
        assert isinstance(screen, MergeReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#pairs", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[1]) == HF_B
        assert screen.query_one("#b-codes", Tree).cursor_node.data.path == HF_B  # the pair shown in both trees
        assert screen.query_one("#a-codes", Tree).cursor_node.data.path == HF_A
        await pilot.press("2")
        shown = str(screen.query_one("#units", Static).render())
        assert "samhandling-ola.qualcode" in shown and "så tidlig som mulig" in shown  # B's units, one key away
        await pilot.press("a")
        assert str(table.get_row_at(0)[4]) == "accepted"
        await pilot.press("w")
        for _ in range(50):
            await pilot.pause(0.05)
            if screen.last_report and not app.workers._workers:
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.last_report[-1] == "dropped: 0"
        assert HF_B not in {code.path for code in _flat(app.project)}  # the file was merged again, and reopened
    app.project.close()
    assert [row.decision for row in _review_rows(merged.with_name("felles-review.csv"))] == ["accept"]


async def test_the_review_re_pairs_with_one_of_as_codes_through_the_code_picker(base: Path) -> None:
    from textual.widgets import DataTable, Input, OptionList

    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.modals.pick_code import PickCode
    from qualcode.tui.screens.merge_review import MergeReviewScreen

    kari, ola = diverge(base)
    merged = base.with_name("felles.qualcode")
    merge_projects(kari, ola, merged)
    app = QualcodeApp(Project(merged, coder="leder"))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MergeReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#pairs", DataTable)
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickCode) and HF_B in picker.excerpt
        assert VENTETID in picker.paths and BRÅ not in picker.paths  # A's codes of B's code's level only
        picker.query_one(Input).value = "ventetid"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and str(table.get_row_at(0)[4]) == f"re-paired -> {VENTETID}"
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Samhandling/Helt ny"  # not one of A's codes: refused
        await pilot.pause()
        assert app.screen.query_one(OptionList).get_option_at_index(0).id.endswith("Samhandling/Helt ny")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and str(table.get_row_at(0)[4]) == f"re-paired -> {VENTETID}"
        assert any("not one of A's codes" in n.message for n in app._notifications)
    app.project.close()


def _flat(project: Project) -> list:
    from qualcode.codebook.service import flatten

    return flatten(project.codebook.tree())


def test_a_merge_merged_again_with_one_input_continued_shares_that_input_s_history(base: Path) -> None:
    kari, ola = diverge(base)
    first = base.with_name("felles.qualcode")
    merge_projects(kari, ola, first)
    with Project(kari, coder="kari") as project:  # kari goes on coding in her own copy
        project.units.create("H2-intervju", *span(project, "H2-intervju", "så er det ingen å ringe"), codes=[TILLIT])
    again = merge_projects(first, kari, base.with_name("felles-2.qualcode"))
    assert again.dropped == 0 and not again.proposals  # kari's earlier work is shared history, not a clash
    assert again.duplicates == sum(codings(kari).values()) - 1
    assert not codings(kari) - codings(base.with_name("felles-2.qualcode"))
