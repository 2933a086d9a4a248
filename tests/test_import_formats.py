"""Every format and encoding the issue names, and the speaker conventions."""

from __future__ import annotations

import codecs

import pytest
from files import write_docx, write_odt

from qualcode.ingest.turns import find_turns

NORWEGIAN = ("K1: Kommunen og helseforetaket samarbeider. Blåbærsyltetøy «i dag» – ”sa hun”.\n\nI: Takk.\n\n"
             "K1: Æ, ø og å.")


def _import_one(project, path):
    report = project.documents.import_files([path])
    assert not report.failed, report.failed
    return project.documents.get(path.stem)


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b"")],
)
def test_text_encodings_give_the_same_canonical_text(project, tmp_path, encoding, prefix):
    path = tmp_path / f"K1-{encoding}-{len(prefix)}.txt"
    path.write_bytes(prefix + NORWEGIAN.replace("\n", "\r\n").encode(encoding))
    document = _import_one(project, path)
    assert document.text == NORWEGIAN
    assert [t.speaker for t in document.turns] == ["K1", "I", "K1"]


def test_latin1_and_nfd_are_normalised(project, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("K2: Ærlig talt, så går det bra i Åsheim.".encode("latin-1"))
    assert _import_one(project, path).text == "K2: Ærlig talt, så går det bra i Åsheim."
    nfd = tmp_path / "nfd.txt"
    nfd.write_text("K3: A\u030asheim", encoding="utf-8")
    assert _import_one(project, nfd).text == "K3: Åsheim"


def test_markdown_bold_speaker_labels(project, tmp_path):
    path = tmp_path / "fokus.md"
    path.write_text("# Fokusgruppe\n\n**K1:** Hei.\n\n**K2:** Hallo.\n\n__I:__ Velkommen.", encoding="utf-8")
    document = _import_one(project, path)
    assert document.title == "Fokusgruppe"
    assert [t.speaker for t in document.turns] == ["K1", "K2", "I"]
    assert "**" not in document.text


def test_docx_paragraphs_and_table_cells_in_reading_order(project, tmp_path):
    path = write_docx(
        tmp_path / "H1-intervju.docx",
        ["Intervju med H1", "I: Hvordan går det?", "H1: Bra, helseforetakene samarbeider."],
        table=[["Deltaker", "Rolle"], ["H1", "Overlege på DPS"]],
        after=["H1: Etter tabellen."],
    )
    document = _import_one(project, path)
    assert document.text.split("\n\n") == [
        "Intervju med H1", "I: Hvordan går det?", "H1: Bra, helseforetakene samarbeider.",
        "Deltaker", "Rolle", "H1", "Overlege på DPS", "H1: Etter tabellen.",
    ]
    assert document.title == "Intervju med H1"


def test_odt_paragraphs_spaces_and_tables(project, tmp_path):
    body = (
        '<text:h>Fokusgruppe Nordby</text:h>'
        '<text:p>K4: Det er<text:s text:c="2"/>travelt.<text:note><text:p>fotnote</text:p></text:note></text:p>'
        '<table:table><table:table-row><table:table-cell><text:p>K5: I tabellen.</text:p>'
        '</table:table-cell></table:table-row></table:table>'
        '<text:list><text:list-item><text:p>K4: <text:span>Ærlig</text:span> talt.</text:p>'
        '</text:list-item></text:list>'
    )
    document = _import_one(project, write_odt(tmp_path / "nordby.odt", body))
    assert document.text.split("\n\n") == ["Fokusgruppe Nordby", "K4: Det er  travelt.", "K5: I tabellen.",
                                            "K4: Ærlig talt."]
    assert [t.speaker for t in document.turns] == ["K4", "K5", "K4"]


def test_vtt_cues_merge_into_turns_with_times(project, tmp_path):
    path = tmp_path / "teams.vtt"
    path.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Kari Nordmann>Velkommen til intervjuet.</v>\n\n"
        "2\n00:00:04.500 --> 00:00:06.000\n<v Kari Nordmann>Første spørsmål.</v>\n\n"
        "3\n00:00:06.000 --> 00:01:02.250\n<v K1>Kommunen svarer.</v>\n",
        encoding="utf-8",
    )
    document = _import_one(project, path)
    assert document.text == "Kari Nordmann: Velkommen til intervjuet. Første spørsmål.\n\nK1: Kommunen svarer."
    first, second = document.turns
    assert (first.speaker, first.time_start, first.time_end) == ("Kari Nordmann", 1.0, 6.0)
    assert (second.speaker, second.time_start, second.time_end) == ("K1", 6.0, 62.25)
    assert document.text[second.body_start:second.end] == "Kommunen svarer."


def test_srt_with_name_prefixes(project, tmp_path):
    path = tmp_path / "zoom.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nOla: Hei.\n\n2\n00:00:02,000 --> 00:00:03,500\nOla: Igjen.\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nK2: Svar.\n",
        encoding="utf-8",
    )
    document = _import_one(project, path)
    assert [(t.speaker, t.time_start) for t in document.turns] == [("Ola", 1.0), ("K2", 4.0)]


@pytest.mark.parametrize(
    "line,speaker,seconds",
    [("K1: ja", "K1", None), ("I: ja", "I", None), ("Intervjuer: ja", "Intervjuer", None),
     ("Informant 3: ja", "Informant 3", None), ("[00:01:23] Kari: ja", "Kari", 83.0),
     ("**K1:** ja", "K1", None), ("H12: ja", "H12", None)],
)
def test_speaker_conventions(line, speaker, seconds):
    text = f"{line}\n\n{line}"
    turns = find_turns(text)
    assert [(t.speaker, t.time_start) for t in turns] == [(speaker, seconds)] * 2


def test_a_capitalised_word_with_colon_once_is_speech_not_a_speaker():
    text = "K1: Jeg sa det slik.\nAltså: det var vanskelig.\n\nI: Ok."
    assert [t.speaker for t in find_turns(text)] == ["K1", "I"]


def test_user_speaker_pattern(project, tmp_path):
    path = tmp_path / "custom.txt"
    path.write_text("(Kari) Hei der.\n(Ola) Hallo.\n(Kari) Ja.", encoding="utf-8")
    report = project.documents.import_files([path], speaker_pattern=r"\((?P<speaker>\w+)\) ")
    assert not report.failed
    assert [t.speaker for t in project.documents.get("custom").turns] == ["Kari", "Ola", "Kari"]


def test_participants_csv_links_speakers(project, tmp_path, transcript):
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label;rolle;tjeneste\nK1;psykiatrisk sykepleier;Kommunal psykisk helse og rus\n", encoding="utf-8")
    project.documents.import_files([transcript], participants_csv=csv)
    (k1,) = [p for p in project.participants.list() if p.label == "K1"]
    assert k1.attributes == {"rolle": "psykiatrisk sykepleier", "tjeneste": "Kommunal psykisk helse og rus"}
    assert k1.documents == 1 and k1.turns == 3
    assert {t.participant for t in project.documents.get("K1-intervju").turns} == {"K1", None}


def test_identical_file_is_not_imported_twice(project, tmp_path, transcript):
    copy = tmp_path / "kopi.txt"
    copy.write_bytes(transcript.read_bytes())
    assert project.documents.import_files([transcript]).imported == ["K1-intervju"]
    report = project.documents.import_files([transcript, copy])
    assert report.imported == [] and len(report.skipped) == 2
    assert len(project.documents.list()) == 1


def test_whisper_speech_with_a_colon_is_not_a_speaker(project, tmp_path):
    path = tmp_path / "whisper.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nDet var sånn: vi gikk hjem.\n\n"
        "2\n00:00:09,000 --> 00:00:10,000\nHusker du: hva sa legen?\n",
        encoding="utf-8",
    )
    document = _import_one(project, path)
    assert document.text == "Det var sånn: vi gikk hjem.\n\nHusker du: hva sa legen?"
    assert {t.speaker for t in document.turns} == {""}
    assert project.participants.list() == []


def test_norwegian_initials_link_speakers_to_participants(project, tmp_path):
    path = tmp_path / "fokus.txt"
    path.write_text("I: Hei?\n\nÅse: Ja, vi har møter.\n\nØystein: Nei.\n\nÅse: Greit.\n\nØystein: Ja.",
                    encoding="utf-8")
    csv = tmp_path / "p.csv"
    csv.write_text("label,rolle\nåse,sykepleier\n", encoding="utf-8")
    project.documents.import_files([path], participants_csv=csv)
    people = {p.label: p for p in project.participants.list()}
    assert set(people) == {"åse", "Øystein"}  # the CSV's åse is the transcript's Åse
    assert people["åse"].turns == 2 and people["Øystein"].turns == 2


def test_odd_odt_space_count_does_not_stop_the_batch(project, tmp_path, transcript):
    odd = write_odt(tmp_path / "odd.odt", '<text:p>K1: Det er<text:s text:c="to"/>fint.</text:p>'
                                          '<text:p>K2: Mange<text:s text:c="999999999"/>mellomrom.</text:p>')
    report = project.documents.import_files([odd, transcript])
    assert sorted(report.imported) == ["K1-intervju", "odd"]
    assert project.documents.get("odd").text.split("\n\n")[0] == "K1: Det er fint."


def test_transcripts_laid_out_as_tables(project, tmp_path):
    path = write_docx(
        tmp_path / "tabell.docx", ["Intervju med K7"],
        table=[["I", "Hvordan går samarbeidet med kommunen?"], ["K7", "Det går bedre nå enn for et år siden."],
               ["Kari Nordmann:", "Enig, det har blitt bedre."], ["Kari Nordmann", "Men det tok tid å komme dit."]],
    )
    document = _import_one(project, path)
    assert document.text.split("\n\n")[1:] == ["I: Hvordan går samarbeidet med kommunen?",
                                                "K7: Det går bedre nå enn for et år siden.",
                                                "Kari Nordmann: Enig, det har blitt bedre.",
                                                "Kari Nordmann: Men det tok tid å komme dit."]
    assert [t.speaker for t in document.turns] == ["I", "K7", "Kari Nordmann", "Kari Nordmann"]
    odt = write_odt(tmp_path / "tabell-writer.odt",
                    '<table:table><table:table-row><table:table-cell><text:p>00:01:05</text:p></table:table-cell>'
                    '<table:table-cell><text:p>H2</text:p></table:table-cell>'
                    '<table:table-cell><text:p>Vi ringer kommunen når vi trenger det.</text:p>'
                    '<text:p>Hver dag.</text:p>'
                    '</table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>00:01:40</text:p>'
                    '</table:table-cell><table:table-cell><text:p>I</text:p></table:table-cell><table:table-cell>'
                    '<text:p>Og de svarer alltid på telefonen?</text:p></table:table-cell></table:table-row>'
                    '</table:table>')
    document = _import_one(project, odt)
    assert document.text == ("[00:01:05] H2: Vi ringer kommunen når vi trenger det.\n\nHver dag.\n\n"
                             "[00:01:40] I: Og de svarer alltid på telefonen?")
    assert [(t.speaker, t.time_start) for t in document.turns] == [("H2", 65.0), ("I", 100.0)]


def test_word_tracked_changes_fields_and_text_boxes(project, tmp_path):
    from files import rewrite_zip_member

    source = write_docx(tmp_path / "kilde.docx", ["K1: PLACEHOLDER"])
    import zipfile

    xml = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert w in xml
    body = ('<w:r><w:t xml:space="preserve">K1: Vi ringer </w:t></w:r>'
            '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">alltid </w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
            '<w:r><w:delText>aldri </w:delText></w:r></w:del>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve">kommunen.</w:t></w:r>')
    xml = xml.replace('<w:r><w:t>K1: PLACEHOLDER</w:t></w:r>', body)
    assert "kommunen." in xml
    path = rewrite_zip_member(source, tmp_path / "sporing.docx", "word/document.xml", xml.encode("utf-8"))
    document = _import_one(project, path)
    assert document.text == "K1: Vi ringer alltid kommunen."  # inserted kept, deleted and field code out


@pytest.mark.parametrize(
    "text,speakers",
    [("INTERVJUER: Hei?\nINFORMANT 2: Ja.\nINTERVJUER: Og?\nINFORMANT 2: Nei.", ["INTERVJUER", "INFORMANT 2"] * 2),
     ("i: Hvordan?\nk1: Bra.\ni: Takk.", ["i", "k1", "i"]),
     ("00:01:23\tK1\tJa, altså.\n00:01:30\tI\tOk.", ["K1", "I"]),
     ("K1 : Med mellomrom.\nI : Ja.", ["K1", "I"])],
)
def test_more_speaker_conventions(text, speakers):
    assert [t.speaker for t in find_turns(text)] == speakers


def test_tabbed_lines_keep_their_time():
    (first, _) = find_turns("00:01:23\tK1\tJa, altså.\n00:01:30\tI\tOk.")
    assert first.time_start == 83.0


def test_short_answer_tables_and_header_rows(project, tmp_path):
    path = write_docx(tmp_path / "korte.docx", ["Intervju med K8"],
                      table=[["Taler", "Tekst"], ["I", "Hei."], ["K8", "Hei."], ["I", "Går det bra?"], ["K8", "Ja."]])
    document = _import_one(project, path)
    assert document.text.split("\n\n") == ["Intervju med K8", "Taler", "Tekst", "I: Hei.", "K8: Hei.",
                                          "I: Går det bra?", "K8: Ja."]


def test_subtitle_entities_are_decoded(project, tmp_path):
    path = tmp_path / "tags.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>K1: R&amp;D &lt;avdelingen&gt;</i>\n", encoding="utf-8")
    assert _import_one(project, path).text == "K1: R&D <avdelingen>"


def test_old_mac_roman_files_are_read(project, tmp_path):
    text = "K1: Altså, vi får være med på møtene i Åsheim nå.\rI: Så bra, ærlig talt."
    path = tmp_path / "mac.txt"
    path.write_bytes(text.encode("mac_roman"))
    assert _import_one(project, path).text == text.replace("\r", "\n")
    lower = tmp_path / "mac-små.txt"
    lower.write_bytes("K2: Vi får være med, altså. Det er ærlig talt bra.".encode("mac_roman"))
    assert _import_one(project, lower).text == "K2: Vi får være med, altså. Det er ærlig talt bra."


def test_rename_a_speaker_and_undo(project, tmp_path):
    path = tmp_path / "teams.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Kari Hansen>Velkommen.</v>\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v K1>Takk, kommunen er klar.</v>\n\n"
        "00:00:04.000 --> 00:00:05.000\n<v Kari Hansen>Fint.</v>\n", encoding="utf-8")
    project.documents.import_files([path])
    assert {p.label for p in project.participants.list()} == {"Kari Hansen", "K1"}
    assert project.participants.rename_speaker("Kari Hansen", "I") == 2
    assert {p.label for p in project.participants.list()} == {"K1"}  # the interviewer is no participant
    assert [t.speaker for t in project.documents.get("teams").turns] == ["I", "K1", "I"]
    project.history.undo()
    assert {p.label for p in project.participants.list()} == {"Kari Hansen", "K1"}
    assert [t.participant for t in project.documents.get("teams").turns] == ["Kari Hansen", "K1", "Kari Hansen"]
