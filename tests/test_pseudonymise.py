"""Pseudonymisation: proposals, whole-word replacement, and nothing of the original terms left anywhere."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.project import Project
from qualcode.pseudonyms.detect import national_id_valid
from qualcode.pseudonyms.matching import Matcher, Replacement
from qualcode.store.changes import NothingToUndo, UndoRefused

TERMS = {"Fjordvik": "[kommune A]", "Nordby": "[kommune B]", "Åsheim": "[kommune C]", "Vestfjord": "[helseforetak A]"}


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--coder", "demo"])


def variants(term: str) -> set[bytes]:
    return {form.encode("utf-8") for form in (term, term.lower(), term.upper(), term.casefold(), term.capitalize())}


def found_in(data: bytes, term: str) -> bool:
    return any(form in data for form in variants(term))


def exported_bytes(path: Path) -> bytes:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return path.read_bytes()


def test_pseudonymise_the_demo_and_no_term_is_left_in_the_file_its_wal_or_any_export(tmp_path):
    demo = build_demo(tmp_path / "demo")
    with Project(demo, "demo") as project:  # a few revisions first, so the log holds images with the terms
        text = project.documents.get("H1-intervju").text
        at = text.index("Fjordvik")
        project.documents.correct("H1-intervju", at, at + len("Fjordvik"), "Fjordviks")
        project.documents.rename("fokusgruppe-fjordvik", "fokusgruppe Fjordvik")
        project.impression.add_memo("Nordby og Åsheim sier det samme")
        project.impression.add_theme("Vestfjord som arbeidsgiver", note="Åsheim skiller seg ut")
        text = project.documents.get("H1-intervju").text
    corrected = tmp_path / "H1.txt"
    corrected.write_text(text.replace("ni år", "ti år", 1), encoding="utf-8")
    assert run("document", "replace", str(demo), "H1-intervju", str(corrected)).exit_code == 0
    listing = tmp_path / "navn.csv"
    proposed = run("pseudonymise", str(demo), "--propose", "-o", str(listing))
    assert proposed.exit_code == 0, proposed.output
    assert stat.S_IMODE(listing.stat().st_mode) == 0o600
    for term in TERMS:
        assert term in listing.read_text(encoding="utf-8")
    reviewed = tmp_path / "gjennomgått.csv"
    reviewed.write_text("term;replacement\n" + "".join(f"{t};{r}\n" for t, r in TERMS.items())
                        + "Teams;\n", encoding="utf-8")  # an empty replacement: the term is left alone
    inside = run("pseudonymise", str(demo), "--apply", str(reviewed), "--key", str(demo.parent / "key.csv"), "--yes")
    assert inside.exit_code == 1 and "outside" in inside.output
    keys = tmp_path / "nøkler"
    keys.mkdir()
    key = keys / "nøkkel.csv"
    applied = run("pseudonymise", str(demo), "--apply", str(reviewed), "--key", str(key), "--yes")
    assert applied.exit_code == 0, applied.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "Fjordvik,[kommune A]" in key.read_text(encoding="utf-8")
    again = run("pseudonymise", str(demo), "--apply", str(reviewed), "--key", str(key), "--yes")
    assert again.exit_code == 1 and "never overwritten" in again.output
    exports = tmp_path / "eksport"
    exports.mkdir()
    made = [exports / "kapittel.docx", exports / "kapittel.md", exports / "prosjekt.qdpx"]
    assert run("export", "docx", str(demo), "-o", str(made[0]), "--appendix").exit_code == 0
    assert run("export", "markdown", str(demo), "-o", str(made[1]), "--body", "both").exit_code == 0
    qdpx = run("export", "qdpx", str(demo), "-o", str(made[2]))
    written = [path for path in made if path.exists()]
    assert len(written) >= 2 + (qdpx.exit_code == 0)
    with Project(demo, "demo") as project:
        assert "[kommune A]" in project.documents.get("H1-intervju").text
        assert project.documents.search("kommune")
        with pytest.raises((NothingToUndo, UndoRefused)):
            project.history.undo()
        project.conn.execute("INSERT INTO segments_fts (segments_fts, rank) VALUES ('integrity-check', 1)")
    for path in [demo, Path(f"{demo}-wal"), *written]:
        if not path.exists():
            continue
        data = exported_bytes(path) if path in written else path.read_bytes()
        for term in TERMS:
            assert not found_in(data, term), f"{term} in {path.name}"
    assert found_in(demo.read_bytes(), "[kommune A]")


def test_matching_is_whole_words_any_case_with_a_genitive():
    matcher = Matcher([Replacement("Kari", "[K1]"), Replacement("Fjordvik kommune", "[kommune A]"),
                       Replacement("Fjordvik", "[kommune A]")])
    text = "Karis mor og KARI bor i Fjordvik  kommune; Karianne og fjordvik-folk er fra Fjordviks kyst."
    assert matcher.substitute(text) == ("[K1]s mor og [K1] bor i [kommune A]; Karianne og [kommune A]-folk er fra "
                                        "[kommune A]s kyst.")
    assert matcher.holds('{"text": "fra fjordvikhallen"}') and not matcher.holds("Kar i")


def test_national_identity_numbers_need_their_check_digits():
    def with_checks(nine: str) -> str:
        d = [int(c) for c in nine]
        k1 = (11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=True)) % 11) % 11
        k2 = (11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), [*d, k1], strict=True)) % 11) % 11
        return nine + str(k1) + str(k2)

    valid = next(n for n in (with_checks(f"120375{i:03d}") for i in range(100, 200)) if "10" not in n[9:])
    assert national_id_valid(valid)
    assert not national_id_valid(valid[:10] + str((int(valid[10]) + 1) % 10))
    assert not national_id_valid("12345678901")


def test_propose_finds_speakers_mail_phone_identity_numbers_and_birth_dates(project, tmp_path):
    nine = "120375123"
    d = [int(c) for c in nine]
    k1 = (11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=True)) % 11) % 11
    k2 = (11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), [*d, k1], strict=True)) % 11) % 11
    number = nine + str(k1) + str(k2)
    teams = tmp_path / "teams-møte.txt"
    lines = []
    for i in range(4):
        lines += [f"Ola Nordmann: Hvordan gikk det med samarbeidet i uke {i}? Fortell.",
                  f"Kari Bråthen: Det gikk greit. Jeg ringte Solveig på Nidarheim sykehus den dagen, nummer {i}."]
    lines.append(f"Kari Bråthen: Send det til kari.brathen@eksempel.no eller ring 912 34 567. Født 12.03.1975, "
                 f"fødselsnummer {number[:6]} {number[6:]}.")
    teams.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    report = project.documents.import_files([teams])
    assert not report.failed, report.failed
    proposals = {p.term: p for p in project.pseudonyms.propose(names=["Solveig"])}
    assert proposals["Kari Bråthen"].kind == "speaker" and proposals["Kari Bråthen"].count == 5
    assert proposals["Kari"].replacement == proposals["Kari Bråthen"].replacement
    assert "kari.brathen@eksempel.no" in proposals and "912 34 567" in proposals
    assert f"{number[:6]} {number[6:]}" in proposals and "12.03.1975" in proposals
    assert proposals["Solveig"].kind == "list"
    assert proposals["Nidarheim"].replacement.startswith("[sykehus")
    hits = project.pseudonyms.hits("Kari Bråthen")
    assert len(hits) == 5 and hits[0].match == "Kari Bråthen"
    pairs = [Replacement(t, p.replacement) for t, p in proposals.items()]
    key = tmp_path.parent / f"{tmp_path.name}-nøkkel.csv"
    try:
        applied = project.pseudonyms.apply(pairs, key=key)
        assert applied.replaced > 10
        text = project.documents.get("teams-møte").text
        for term in proposals:
            assert term not in text
        speakers = {t.speaker for t in project.documents.get("teams-møte").turns}
        assert "Kari Bråthen" not in speakers
    finally:
        key.unlink(missing_ok=True)
    assert oct(os.stat(project.path).st_mode)[-3:] == "600"
