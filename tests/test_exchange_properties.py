"""Generated projects survive export and import unchanged, table by table: transcripts whose files had CRLF
line breaks, emoji and combining characters, code names with slashes, units on any word boundaries, two
coders, memos, a condensate and a synthesis."""

from __future__ import annotations

import tempfile
from pathlib import Path

from exchange_support import differences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.codebook.model import join_path
from qualcode.exchange import create_from_qdpx
from qualcode.project import Project

WORDS = ["samarbeid", "kommunen", "helseforetaket", "é", "e\u0301n", "a\u030a", "Øyvind", "👍", "👩‍⚕️", "🇳🇴",
         "«sitat»", "café", "o\u0308l", "og/eller", "m/", "ære", "—", "(...)"]
NAMES = st.text(alphabet="abcæøå ÆØÅ/-", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def projects(draw):
    documents = []
    for number in range(draw(st.integers(1, 3))):
        turns = []
        for turn in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
            speaker = "I" if turn % 2 else f"K{number + 1}"
            turns.append(f"{speaker}: {' '.join(words)}.")
        documents.append("\r\n\r\n".join(turns) + draw(st.sampled_from(["", "\r\n", "\r\n\r\n"])))
    groups = draw(st.lists(NAMES, min_size=1, max_size=2, unique_by=str.casefold))
    subgroups = draw(st.lists(NAMES, min_size=1, max_size=3, unique_by=str.casefold))
    cuts = draw(st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(1, 5), st.integers(0, 10)), min_size=1,
                         max_size=8))
    return documents, groups, subgroups, cuts, draw(st.booleans())


def _build(folder: Path, documents, groups, subgroups, cuts, second_coder: bool) -> Path:
    path = folder / "generert.qualcode"
    files = []
    for number, text in enumerate(documents):
        file = folder / f"K{number + 1}-intervju.txt"
        file.write_bytes(text.encode("utf-8"))  # the CRLF line breaks are in the file, not in the stored text
        files.append(file)
    codes = [join_path([group, sub]) for group in groups for sub in subgroups]
    with Project.create(path, coder="kari") as project:
        project.documents.import_files(files)
        units = []
        for number, (where, length, code) in enumerate(cuts):
            document = project.documents.list()[where % len(documents)]
            text = project.documents.get(document.label).text
            edges = [i for i in range(len(text) + 1)
                     if i in (0, len(text)) or text[i - 1].isspace() != text[i].isspace()]
            start = edges[where % len(edges)]
            later = [e for e in edges if e > start]
            if not later:
                continue
            end = later[min(length, len(later)) - 1]
            units.append(project.units.create(document.label, start, end, codes=[codes[code % len(codes)]],
                                              create_codes=True))
            project.impression.add_memo(f"Notat {number} om «{text[start:end]}»", kind="unit", target_id=units[-1])
        subgroup = project.units.get(units[:1])[0].codes[0] if units else None
        members = [u.id for u in project.condensing.subgroup_units(subgroup)] if subgroup else []
        if subgroup and members:  # units over punctuation or an emoji only hold no words: no condensate
            project.condensing.set(subgroup, text="Vi opplever at samarbeidet går bedre 👍", unit_ids=members,
                                   golden=members[0])
            project.synthesizing.set(subgroup, heading="Et funn", analytic_text="De fleste forteller ...",
                                     quotes=list(reversed(members)))
        project.impression.add_memo("Første lesning\r\nmed vognretur", kind="project")
    if second_coder and units:
        with Project(path, coder="ola") as other:
            other.units.code(units[0], codes[-1], create_codes=True)
            other.impression.set_reading_status(other.documents.list()[0].label, "re-read")
    return path


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_a_generated_project_comes_back_table_by_table(generated):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        original = _build(folder, *generated)
        with Project(original, coder="kari") as project:
            project.exchange.export_qdpx(folder / "flytt.qdpx")
        copy = folder / "kopi.qualcode"
        create_from_qdpx(copy, folder / "flytt.qdpx", coder="per")
        assert differences(original, copy) == {}
