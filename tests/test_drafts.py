"""Drafts: what is typed is kept as it is typed, outside the audit log, and becomes one change when saved."""

from __future__ import annotations

import pytest

from qualcode.errors import QualcodeError
from qualcode.project import Project


@pytest.fixture
def subgroup(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    project.units.create("K1-intervju", text.index("Kommunen får"), text.index("tidligere") + 9,
                         codes=["Samhandling/Varsling"], create_codes=True)
    return project.codebook.code_id("Samhandling/Varsling")


def test_a_typing_session_is_one_change_in_the_log(project, subgroup):
    before = len(project.history.log())
    for typed in ("Jeg", "Jeg får", "Jeg får beskjed", "Jeg får beskjed tidligere nå."):
        project.drafts.keep("condensate", subgroup, typed, base="")
    assert len(project.history.log()) == before  # drafts write no audit rows
    assert project.drafts.get("condensate", subgroup).text == "Jeg får beskjed tidligere nå."
    assert project.condensing.get("Samhandling/Varsling").text == ""
    assert project.drafts.promote("condensate", subgroup) == "the condensate of Samhandling/Varsling"
    log = project.history.log()
    assert len(log) == before + 1 and log[0].summary == "condensate of Samhandling/Varsling"
    assert project.condensing.get("Samhandling/Varsling").text == "Jeg får beskjed tidligere nå."
    assert project.drafts.list() == []
    project.history.undo()  # the session is undone as a whole
    assert project.condensing.get("Samhandling/Varsling").text == ""


def test_each_field_is_promoted_through_the_domain(project, subgroup):
    theme = project.impression.add_theme("Tillit")
    document = project.documents.get("K1-intervju").id
    project.drafts.keep("synthesis.heading", subgroup, "Beskjeden kommer tidligere", base="")
    project.drafts.keep("synthesis.analytic_text", subgroup, "K1 forteller at ...", base="")
    project.drafts.keep("theme.note", theme, "K2 og H1 sier det samme", base="")
    project.drafts.keep("memo.document", document, "Les igjen: «det tar tid»", base="")
    saved = project.drafts.promote_all()
    assert len(saved) == 4 and project.drafts.list() == []
    synthesis = project.synthesizing.get("Samhandling/Varsling")
    assert (synthesis.heading, synthesis.analytic_text) == ("Beskjeden kommer tidligere", "K1 forteller at ...")
    assert project.impression.themes()[0].note == "K2 og H1 sier det samme"
    (memo,) = project.impression.memos(kind="document", target_id=document)
    assert memo.text == "Les igjen: «det tar tid»"


def test_nothing_typed_changes_nothing(project, subgroup):
    before = len(project.history.log())
    project.drafts.keep("condensate", subgroup, "", base="")
    assert project.drafts.promote("condensate", subgroup) is None
    assert len(project.history.log()) == before and project.drafts.list() == []


def test_the_words_of_a_deleted_code_are_kept_as_a_memo(project, subgroup):
    project.drafts.keep("condensate", subgroup, "Jeg får vite det for sent.", base="")
    project.codebook.delete("Samhandling/Varsling", force=True)
    (saved,) = project.drafts.promote_all()
    assert saved.startswith("a project memo")
    (memo,) = project.impression.memos(kind="project")
    assert memo.text.endswith("Jeg får vite det for sent.")


def test_drafts_are_each_coders_own(project, subgroup):
    project.drafts.keep("condensate", subgroup, "Kari skriver", base="")
    with Project(project.path, coder="ola") as ola:
        assert ola.drafts.list() == []
        ola.drafts.keep("condensate", subgroup, "Ola skriver", base="")
    assert [d.text for d in project.drafts.list()] == ["Kari skriver"]


def test_the_base_is_what_the_field_held_when_typing_began(project, subgroup):
    project.drafts.keep("condensate", subgroup, "Jeg", base="")
    project.drafts.keep("condensate", subgroup, "Jeg får", base="Jeg")
    assert project.drafts.get("condensate", subgroup).base == ""


def test_an_unknown_field_is_refused(project, subgroup):
    with pytest.raises(QualcodeError, match="a draft is for one of"):
        project.drafts.keep("kondensat", subgroup, "tekst", base="")


def test_a_text_written_elsewhere_while_one_typed_is_kept_as_a_memo(project, subgroup):
    project.condensing.set("Samhandling/Varsling", text="Vi får vite det for sent.")
    project.drafts.keep("condensate", subgroup, "Vi får vite det for sent. Hver gang.",
                        base="Vi får vite det for sent.")
    with Project(project.path, coder="ola") as ola:  # another coder sets the same field meanwhile
        ola.condensing.set("Samhandling/Varsling", text="Beskjeden kommer etter utskrivning.")
    saved = project.drafts.promote("condensate", subgroup)
    assert saved is not None and "kept as a project memo" in saved
    assert project.condensing.get("Samhandling/Varsling").text == "Vi får vite det for sent. Hver gang."
    memos = [m.text for m in project.impression.memos()]
    assert any("Beskjeden kommer etter utskrivning." in text and "replaced" in text for text in memos)


def test_no_memo_when_nobody_else_wrote(project, subgroup):
    project.condensing.set("Samhandling/Varsling", text="Vi får vite det for sent.")
    project.drafts.keep("condensate", subgroup, "Vi får vite det.", base="Vi får vite det for sent.")
    assert project.drafts.promote("condensate", subgroup) == "the condensate of Samhandling/Varsling"
    assert not [m for m in project.impression.memos() if "replaced" in m.text]
