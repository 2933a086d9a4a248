"""Shared by the exchange tests: the samples, the schemas, a project that uses every table, and a comparison
of two projects table by table."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from lxml import etree

from qualcode.project import Project

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "refi-qda"
if not SHARED.is_dir():  # a checkout beside the brief
    SHARED = Path("/work/shared/refi-qda")
SAMPLES = SHARED / "samples"
XSD = SHARED / "xsd"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))

# never compared: this file's own history (the import is a new change in a new log) and the migrations
# applied; the search index's contentless FTS table is compared through searches instead
NOT_COMPARED = {"changes", "change_rows", "_sqlite_migrations", "sqlite_sequence"}


def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / "Project-mrt2019.xsd")))


def codebook_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / "Codebook-mrt2019.xsd")))


def qde_of(archive: Path) -> etree._Element:
    with zipfile.ZipFile(archive) as opened:
        return etree.fromstring(opened.read("project.qde"))


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted (row order is not content), FTS shadow tables aside."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                 if r[0] not in NOT_COMPARED and not r[0].startswith("segments_fts")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    finally:
        conn.close()


def differences(a: Path, b: Path) -> dict[str, str]:
    """table -> the first row that differs (empty when the projects are identical table by table)."""
    left, right = tables(a), tables(b)
    found = {}
    for name in sorted(set(left) | set(right)):
        x, y = left.get(name), right.get(name)
        if x != y:
            if x is None or y is None:
                found[name] = "missing on one side"
                continue
            first = next(((p, q) for p, q in zip(x, y, strict=False) if p != q), None)
            found[name] = f"{len(x)} rows vs {len(y)}; first difference {first}"
    return found


TRANSCRIPT_K1 = """Intervju med K1, Fjordvik kommune

I: Hvordan opplever du samarbeidet med helseforetaket?

K1: Det har blitt mye bedre etter reformen. Vi blir tatt på alvor nå 👍, og samarbeid m/ helseforetaket er fast.
Kommunens folk blir hørt.

I: Og utskrivningsklare pasienter?

K1: Der er det fortsatt «litt kaos», særlig i helgene. Epikrisen kommer ofte for sent og/eller mangler.
"""

TRANSCRIPT_INFORMANT = """Informant: Jeg jobber på DPS-et, og vi ringer kommunen før utskrivning.\r
\r
Intervjuer: Fungerer det?\r
\r
Informant: Stort sett. Men café-praten e\u0301r viktig, og ansvarsgruppene også.\r
"""

SUBTITLES = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Kari Hansen>Hvordan har dere det med samarbeidet?

00:00:04.500 --> 00:00:09.000
<v K2>Vi har faste møter med helseforetaket hver måned.
"""


def rich_project(folder: Path) -> Path:
    """A project that uses every table the exchange carries, with two coders and ids with gaps."""
    path = folder / "rik.qualcode"
    (folder / "K1-intervju.txt").write_text(TRANSCRIPT_K1, encoding="utf-8")
    (folder / "opptak-mars.txt").write_bytes(TRANSCRIPT_INFORMANT.encode("utf-8"))
    (folder / "teams-møte.vtt").write_text(SUBTITLES, encoding="utf-8")
    (folder / "deltakere.csv").write_text("label;rolle;tjeneste\nK1;sykepleier;kommune\nK2;leder;kommune\n"
                                          "H3;psykolog;DPS\n", encoding="utf-8")
    with Project.create(path, language="nb", coder="kari") as project:
        project.documents.import_files([folder / "K1-intervju.txt", folder / "teams-møte.vtt"],
                                       participants_csv=folder / "deltakere.csv")
        project.documents.import_files([folder / "opptak-mars.txt"], participant="H3")
        project.participants.rename_speaker("Kari Hansen", "I", document="teams-møte")
        group = "Samhandling og\\/eller samarbeid"  # a slash in the name, escaped in the path
        subgroup = f"{group}/Samarbeid m\\/ helseforetaket"
        for path_ in (subgroup, f"{group}/Utskrivning", f"{group}/Slettes", f"{subgroup}/Faste møter"):
            project.codebook.add(path_, description="Inkluder: «alt» om dette", colour="#4e79a7")
        project.codebook.delete(f"{group}/Slettes")
        text = project.documents.get("K1-intervju").text
        units = []
        for quote, code in (("Vi blir tatt på alvor nå 👍", subgroup),
                            ("samarbeid m/ helseforetaket er fast", f"{subgroup}/Faste møter"),
                            ("Der er det fortsatt «litt kaos»", f"{group}/Utskrivning"),
                            ("Epikrisen kommer ofte for sent", f"{group}/Utskrivning")):
            start = text.index(quote)
            units.append(project.units.create("K1-intervju", start, start + len(quote), codes=[code]))
        gone = project.units.create("K1-intervju", 0, 9, codes=[subgroup])
        project.units.delete(gone)
        other = project.documents.get("opptak-mars").text
        start = other.index("café-praten")
        units.append(project.units.create("opptak-mars", start, start + len("café-praten e\u0301r viktig"),
                                          codes=[subgroup]))
        theme = project.impression.add_theme("Tillit og respekt", note="K1 og H3 sier det samme",
                                             sources=[("K1-intervju", text.index("Vi blir"), text.index("Vi blir") + 7),
                                                      ("opptak-mars", None, None)])
        project.impression.add_theme("Økonomi", note="Betaling for utskrivningsklare")
        project.impression.theme_to_code_group(theme)
        project.impression.set_reading_status("K1-intervju", "read")
        project.impression.add_memo("Hele prosjektet: husk anonymisering", kind="project")
        project.impression.add_memo("K1 er positiv", kind="document",
                                    target_id=project.documents.get("K1-intervju").id)
        project.impression.add_memo("Her snur K1 😊", kind="passage", target_id=project.documents.get("K1-intervju").id,
                                    start=text.index("Vi blir"), end=text.index("Vi blir") + 7)
        project.impression.add_memo("Temaet går igjen", kind="theme", target_id=theme)
        project.impression.add_memo("Koden er bred", kind="code", target_id=project.codebook.code_id(subgroup))
        project.impression.add_memo("Et gullkorn?", kind="unit", target_id=units[0])
        project.condensing.set(subgroup, text="Vi blir tatt på alvor, og samarbeidet er fast.",
                               unit_ids=[units[0], units[1], units[4]], golden=units[0])
        project.synthesizing.set(subgroup, heading="Informantene opplever å bli tatt på alvor",
                                 analytic_text="De fleste informantene forteller om fast samarbeid.",
                                 quotes=[units[1], units[0]])
        project.synthesizing.mark_recontextualised(subgroup)
        project.synthesizing.set(group, heading="Samhandling", introduction="Innledning om samhandling.")
    with Project(path, coder="ola") as second:
        second.units.code(units[2], f"{group}/Utskrivning")
        second.units.code(units[0], f"{group}/Utskrivning")
        second.impression.set_reading_status("K1-intervju", "re-read")
        second.impression.add_memo("Ola er uenig", kind="unit", target_id=units[2])
    return path


def write_archive(path: Path, sources: list[tuple[str, bytes, list[tuple[int, int, str]]]]) -> Path:
    """A .qdpx as another program would write it: each source a file in Sources/, each selection coded with
    Samhandling/Kommunikasjon; positions as given (the test decides how they are counted)."""
    group, code = "a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"
    user = "b0000000-0000-4000-8000-000000000001"
    parts = [f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Generert" '
             f'origin="tests"><Users><User guid="{user}" name="forsker"/></Users><CodeBook><Codes>'
             f'<Code guid="{group}" name="Samhandling" isCodable="true"><Code guid="{code}" name="Kommunikasjon" '
             f'isCodable="true"/></Code></Codes></CodeBook><Sources>']
    for number, (name, _, selections) in enumerate(sources):
        guid = f"c0000000-0000-4000-8000-{number:012d}"
        parts.append(f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">')
        for index, (start, end, label) in enumerate(selections):
            escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            parts.append(f'<PlainTextSelection guid="d{number:07d}-0000-4000-8000-{index:012d}" name="{escaped}" '
                         f'startPosition="{start}" endPosition="{end}" creatingUser="{user}">'
                         f'<Coding guid="e{number:07d}-0000-4000-8000-{index:012d}" creatingUser="{user}">'
                         f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')
        parts.append("</TextSource>")
    parts.append("</Sources></Project>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "".join(parts).encode("utf-8"))
        for number, (_, data, _) in enumerate(sources):
            archive.writestr(f"Sources/c0000000-0000-4000-8000-{number:012d}.txt", data)
    return path
