"""A whole small analysis, through the domain API and the CLI, ending in a Word chapter read back."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from qualcode.cli import analysis, cli, coding, corpus, history, launch, method  # noqa: F401
from qualcode.project import Project

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "demo-nb"
GROUP = "Overganger"
DISCHARGE = f"{GROUP}/Sen varsling ved utskrivning"
WAITING = f"{GROUP}/Ventetid"


def cli_run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analysis")
    path = folder / "studie.qualcode"
    cli_run("init", path)
    cli_run("import", path, *sorted(CORPUS.glob("*.txt")), "--participants", CORPUS / "participants.csv")
    # step 1: themes from the interview guide, reading status, a memo
    cli_run("theme", "from-guide", path, CORPUS.parent / "guides" / "demo-nb-intervjuguide.md")
    cli_run("reading", path, "K1-intervju", "read")
    cli_run("memo", path, "K2 er mer positiv enn de andre", "--on", "document:K2-intervju")
    with Project(path) as project:
        themes = project.impression.themes()
        assert len(themes) == 6
        # step 2: a theme becomes a code group; units coded by quote (exact and misspelt)
        project.impression.theme_to_code_group(themes[1].id)
        project.codebook.rename(themes[1].title, GROUP)
        k1 = project.documents.get("K1-intervju").text
        quote_k1 = "Og da har vi ikke rukket noe som helst."
        assert quote_k1 in k1
        project.units.code_quote("K1-intervju", quote_k1, DISCHARGE, create_codes=True)
        h2 = "Så hvis en pasient blir utskrivningsklar en fredag ettermiddag, så er det ingen å ringe."
        misspelt = h2.replace("utskrivningsklar", "utskrivingsklar").replace("ettermiddag", "etermiddag")
        placed = project.units.code_quote("H2-intervju", misspelt, DISCHARGE)
        assert placed.match.how == "fuzzy" and placed.match.score >= 85
        assert project.units.get([placed.unit_id])[0].text == h2
    csv = folder / "kodinger.csv"
    csv.write_text(
        "document,quote,code\n"
        "fokusgruppe-fjordvik,Motivasjonen er ferskvare.,Overganger/Ventetid\n"
        "K2-intervju,Vi har mistet en ung mann i overdose mens han sto på venteliste.,Overganger/Ventetid\n"
        "K2-intervju,Dette står ikke i noe intervju i det hele tatt,Overganger/Ventetid\n",
        encoding="utf-8",
    )
    refused = CliRunner().invoke(cli, ["code", str(path), "--from", str(csv), "--create"])
    assert refused.exit_code == 1 and "line 4: quote not found" in refused.stderr
    assert "nothing was coded" in refused.stderr
    with Project(path) as project:
        assert "Ventetid" not in [c.name for c in project.codebook.tree()[0].children]
    result = CliRunner().invoke(cli, ["code", str(path), "--from", str(csv), "--create", "--partial"])
    assert result.exit_code == 1 and "line 4: quote not found" in result.stderr
    assert "coded 2 rows, 1 could not be placed" in result.output
    with Project(path) as project:
        discharge = [u.id for u in project.units.list(code_path=DISCHARGE)]
        waiting = [u.id for u in project.units.list(code_path=WAITING)]
        assert len(discharge) == 2 and len(waiting) == 2
        # step 3: condensates and golden nuggets
        project.condensing.set(DISCHARGE, text="Jeg opplever at vi får beskjed for sent, ofte på fredag.",
                               unit_ids=discharge, golden=discharge[1])
    cli_run("condense", path, WAITING, "--text", "Vi venter, og imens forsvinner motivasjonen.",
            "--units", ",".join(map(str, waiting)), "--golden", waiting[0])
    # step 4: synthesis, chosen quotes, recontextualisation
    cli_run("synthesize", path, GROUP, "--introduction", "Overgangene var det informantene snakket mest om.")
    cli_run("synthesize", path, DISCHARGE, "--heading", "Brå utskrivninger og sen varsling",
            "--text", "Informantene fra kommunen (K1) og helseforetaket (H2) beskrev sen varsling.",
            "--quotes", f"{discharge[1]},{discharge[0]}", "--checked")
    return path, discharge, waiting


def test_steps_are_stored(analysed):
    path, discharge, waiting = analysed
    with Project(path) as project:
        assert project.impression.reading_status()["K1-intervju"] == "read"
        assert project.impression.memos(kind="document")[0].text == "K2 er mer positiv enn de andre"
        condensation = project.condensing.get(WAITING)
        assert condensation.golden.id == waiting[0] and len(condensation.units) == 2
        synthesis = project.synthesizing.get(DISCHARGE)
        assert synthesis.checked_by == "tester" and [q.id for q in synthesis.quotes] == [discharge[1], discharge[0]]
        counts = {c.subgroup: c for c in project.synthesizing.counts()}
        assert counts[DISCHARGE].phrase() == "2 of 11 informants"
        assert counts[DISCHARGE].by_group == {"Helseforetak": (1, 5), "Kommune": (1, 6)}
        participants, groups, cells = project.synthesizing.matrix()
        assert cells[("K2", GROUP)] == 1 and cells[("K4", GROUP)] == 1 and ("K3", GROUP) not in cells


def test_chapter_in_word_reads_back(analysed, tmp_path):
    path, discharge, waiting = analysed
    out = tmp_path / "kapittel.docx"
    cli_run("export", "docx", path, "-o", out, "--number", "5", "--quote-marks", "«»", "--appendix",
            "--attributes", "role,group")
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == [
        ("Heading 1", "5 Resultater"),
        ("Heading 2", "5.1 Overganger"),
        ("Heading 3", "5.1.1 Brå utskrivninger og sen varsling"),
        ("Heading 3", "5.1.2 Ventetid"),
        ("Heading 2", "Vedlegg: Kodebok"),
    ]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Interview Quote"]
    with Project(path) as project:
        units = {u.id: u for u in project.units.list()}
    expected_discharge = [f"«{' '.join(units[i].text.split())}» {units[i].participant}"
                          for i in (discharge[1], discharge[0])]
    assert quotes[:2] == expected_discharge
    assert quotes[2].startswith("«Motivasjonen er ferskvare.»")  # golden nugget first in a draft subgroup
    assert quotes[2].endswith(" K4")
    body = [p.text for p in document.paragraphs]
    assert "Overgangene var det informantene snakket mest om." in body
    assert any(t.startswith("Informantene fra kommunen (K1)") for t in body)
    participants_table = document.tables[0]
    assert [c.text for c in participants_table.rows[0].cells] == ["Informant", "Role", "Group"]
    assert [c.text for c in participants_table.rows[1].cells] == ["H1", "overlege", "Helseforetak"]
    assert len(participants_table.rows) == 12
    codebook_table = document.tables[1]
    rows = [[c.text for c in row.cells] for row in codebook_table.rows]
    assert ["Overganger", "", "4", "4"] in [r[:1] + [""] + r[2:] for r in rows]  # the group counts its subgroups' units
    assert ["\u2003Sen varsling ved utskrivning", "", "2", "2"] in rows
    matrix = document.tables[2]
    assert [c.text for c in matrix.rows[0].cells] == ["Informant", "5.1"]  # the chapter's numbers
    assert ["K2", "1"] in [[c.text for c in row.cells] for row in matrix.rows]
    assert "5.1 Overganger" in body
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    lang = defaults.find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nb-NO"
    assert document.styles["Interview Quote"].paragraph_format.left_indent > 0


def test_condensates_and_markdown_export(analysed, tmp_path):
    path, _, _ = analysed
    out = tmp_path / "arbeidsnotat.md"
    cli_run("export", "markdown", path, "-o", out, "--body", "both", "--source")
    text = out.read_text(encoding="utf-8")
    assert "## 1 Overganger" in text and "### 1.1 Brå utskrivninger og sen varsling" in text
    assert "**Kondensat:** *Jeg opplever at vi får beskjed for sent, ofte på fredag.*" in text
    assert "> ”Og da har vi ikke rukket noe som helst.” K1 (K1-intervju, l. " in text


def test_cli_listings_are_json(analysed):
    path, _, _ = analysed
    tree = json.loads(cli_run("codebook", "show", path, "--json"))
    overganger = next(c for c in tree if c["name"] == GROUP)
    assert [c["name"] for c in overganger["children"]] == ["Sen varsling ved utskrivning", "Ventetid"]
    assert json.loads(cli_run("units", path, "--code", WAITING, "--json"))[0]["codes"] == [WAITING]
    recontext = json.loads(cli_run("recontext", path, DISCHARGE, "--json"))
    assert recontext["checked_by"] == "tester" and recontext["uncoded_turns"]
    assert json.loads(cli_run("counts", path, "--json"))["matrix"]["code_groups"]
    assert json.loads(cli_run("frequencies", path, "--json"))
