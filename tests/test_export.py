"""Chapter details: quote marks by language, table widths, draft chapters."""

from __future__ import annotations

import pytest

from qualcode.export.chapter import ChapterOptions, build_chapter
from qualcode.export.docx_chapter import TEXT_WIDTH_CM, column_widths
from qualcode.project import Project


def test_columns_keep_their_longest_word_whole():
    columns = ["Informant", "Role", "Service"]
    rows = [["K1", "spesialsykepleier", "Kommunal psykisk helse og rus, oppfølgingstjenesten i Fjordvik"]]
    widths = column_widths(columns, rows)
    assert abs(sum(widths) - TEXT_WIDTH_CM) < 1e-6
    per_char = TEXT_WIDTH_CM / 80  # about 0.2 cm per character at 11 pt
    assert widths[0] >= len("Informant") * per_char and widths[1] >= len("spesialsykepleier") * per_char
    assert widths[2] > widths[1]


def test_quote_marks_follow_the_project_language(tmp_path):
    for language, transcript, marks in (("en", "M1: We were not told. We were never told at all.", ("“", "”")),
                                        ("nb", "K1: Vi fikk ikke beskjed. Det skjer ofte.", ("”", "”"))):
        source = tmp_path / f"{language}.txt"
        source.write_text(transcript, encoding="utf-8")
        with Project.create(tmp_path / f"{language}.qualcode", language=language) as project:
            project.documents.import_files([source])
            text = project.documents.get(language).text
            project.units.create(language, 4, text.index(".") + 1, codes=["A/B"], create_codes=True)
            chapter = build_chapter(project, ChapterOptions())
            assert (chapter.quote_open, chapter.quote_close) == marks
            assert chapter.title == ("Results" if language == "en" else "Resultater")
            (group,) = chapter.sections
            assert group.subsections[0].quotes[0].text == text[4:text.index(".") + 1]


def test_exported_chapters_are_private(project, transcript, tmp_path):
    import stat

    project.documents.import_files([transcript])
    for name in ("kapittel.docx", "kapittel.md"):
        out = project.chapter.write(tmp_path / name)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_chapter_number_is_digits_or_letters_with_dots():
    from qualcode.errors import QualcodeError
    from qualcode.export.chapter import ChapterOptions

    for number in ("5", "5.2", "A", "IV", "12.3.1", ""):
        ChapterOptions(number=number).check()
    for wrong in ("/tmp/kapittel.docx", "5 ", "5..2", "kapittel fem", ".5", "5."):
        with pytest.raises(QualcodeError, match="a chapter number is digits or letters"):
            ChapterOptions(number=wrong).check()
