"""Subtitles as they come from YouTube, Zoom and hand-edited SRT files: no timing line read as speech,
no cue text dropped without a word."""

from __future__ import annotations

from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.ingest.readers import read_document


def _read(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_document(path, language="nb")


def test_a_timing_line_without_a_blank_line_before_it_starts_a_new_cue(tmp_path):
    youtube = ("WEBVTT\nKind: captions\nLanguage: nb\n\n"
               "00:00:01.000 --> 00:00:03.000 align:start position:0%\nja\n<c.colorCCCCCC>altså</c>\n"
               "00:00:03.000 --> 00:00:06.000 align:start position:0%\n"
               "vi<00:00:03.500><c> ringer</c><00:00:04.000><c> kommunen</c>\n")
    document = _read(tmp_path, "youtube.vtt", youtube)
    assert document.text == "ja altså vi ringer kommunen"
    assert "-->" not in document.text and "align:" not in document.text
    assert document.warnings == ()


def test_an_srt_cue_without_a_timing_line_keeps_its_text_and_says_so(tmp_path):
    srt = ("1\n00:00:01,000 --> 00:00:04,000\nK1: Vi ringer kommunen.\n\n"
           "2\nOg de svarer som regel.\n\n"
           "3\n00:00:09,000 --> 00:00:11,000\nI: Alltid?\n")
    document = _read(tmp_path, "manuell.srt", srt)
    assert document.text == "K1: Vi ringer kommunen. Og de svarer som regel.\n\nI: Alltid?"
    (warning,) = document.warnings
    assert warning.startswith("line 5: no timing line") and "kept with the cue before it (00:00:01)" in warning


def test_an_unreadable_timing_line_keeps_its_text_and_says_so(tmp_path):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nK1: Første.\n\n"
           "00:00:04.000 --> 00:00:0x.500\nK1: Andre.\n\n00:00:09.000 --> 00:00:11.000\nI: Tredje.\n")
    document = _read(tmp_path, "ødelagt.vtt", vtt)
    assert document.text == "K1: Første. Andre.\n\nI: Tredje."
    (warning,) = document.warnings
    assert "line 6" in warning and "not understood" in warning


def test_notes_and_styles_are_not_speech(tmp_path):
    vtt = ("WEBVTT\n\nNOTE laget av Kari\n\nSTYLE\n::cue { color: yellow }\n\n"
           "00:00:01.000 --> 00:00:02.000\nK1: Hei.\n")
    document = _read(tmp_path, "notater.vtt", vtt)
    assert document.text == "K1: Hei." and document.warnings == ()


def test_a_zoom_speaker_who_speaks_once_keeps_the_label(tmp_path):
    zoom = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nOla Nordmann: Velkommen, alle sammen.\n\n"
            "2\n00:00:03.500 --> 00:00:06.000\nÅse Berg: Takk, det er fint å være her.\n\n"
            "3\n00:00:06.500 --> 00:00:08.000\nKari: Ja, takk.\n\n"
            "4\n00:00:08.500 --> 00:00:12.000\nOla Nordmann: Første spørsmål gjelder kommunen.\n\n"
            "5\n00:00:12.500 --> 00:00:15.000\nÅse Berg: Vi ringer dem hver uke.\n")
    document = _read(tmp_path, "zoom.vtt", zoom)
    assert [t.speaker for t in document.turns] == ["Ola Nordmann", "Åse Berg", "Kari", "Ola Nordmann", "Åse Berg"]
    assert "Kari: Ja, takk." in document.text.split("\n\n")


def test_srt_in_gb2312_is_decoded(tmp_path):
    srt = ("1\n00:00:01,000 --> 00:00:04,000\n宇宙守护神，保护我们远离邪恶。\n\n"
           "2\n00:00:05,000 --> 00:00:07,000\n他能徒手抓住子弹。\n")
    document = _read(tmp_path, "kinesisk.srt", srt.encode("gb2312"))
    assert document.text == "宇宙守护神，保护我们远离邪恶。 他能徒手抓住子弹。"
    assert document.encoding in ("gb2312", "gb18030", "gbk")


def test_the_import_report_shows_where_a_cue_had_no_timing_line(tmp_path):
    (tmp_path / "K5.srt").write_text("1\n00:00:01,000 --> 00:00:04,000\nK5: Ja.\n\n2\nNei, forresten.\n",
                                     encoding="utf-8")
    runner = CliRunner()
    project = str(tmp_path / "p.qualcode")
    runner.invoke(cli, ["init", project, "--language", "nb"])
    result = runner.invoke(cli, ["import", project, str(tmp_path / "K5.srt")])
    assert result.exit_code == 0, result.output
    assert any(line.startswith("warning: ") and "K5.srt" in line and "no timing line" in line
               for line in result.output.splitlines())


def test_a_tag_left_open_at_the_end_of_a_cue_is_not_text(tmp_path):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Kari Nordmann>Hei, og velkommen.</v>\n\n"
           "00:00:02.000 --> 00:00:03.000\n<v Kari Nordmann>Takk <b.tydelig\n")
    document = _read(tmp_path, "åpen.vtt", vtt)
    assert document.text == "Kari Nordmann: Hei, og velkommen. Takk"
