"""Mode 1, total impression: read a transcript whole, with the preliminary themes beside it.

Themes are added (t), linked to the passage that prompted them (L), renamed and described as you type,
deleted, started from an interview guide (G) and turned into code groups (T); memos on the transcript
(or a passage of it) are written as you type (m); the word frequencies per document or participant
group come from a worker (f); r marks the transcript read, R re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...models import Document
from ...project import Project
from ...stc.step1_impression import Memo, Theme
from ..modals.ask import Ask
from ..modals.confirm import Confirm
from ..widgets.draft_fields import DraftArea, DraftInput
from ..widgets.transcript import TranscriptView
from .reading import ReadingScreen

WIDE = 110  # from this width on the themes show beside the text without asking


@dataclass(frozen=True)
class Beside:
    """What step 1 reads beside the transcript."""

    themes: list[Theme]
    memos: list[Memo]


class ThemeList(OptionList):
    BINDINGS = [Binding("delete,x", "screen.delete_theme", "Delete theme",
                        tooltip="Delete this preliminary theme (asks first)", id="theme-delete"),
                Binding("T", "screen.theme_to_group", "To a code group",
                        tooltip="Make this theme a code group in the codebook, to start step 2 from it",
                        id="theme-to-group")]


class ImpressionScreen(ReadingScreen):
    STEP = 1
    HELP = """Step 1, total impression: read every transcript openly, as a whole, setting your
preconceptions aside, and note the preliminary themes that come to mind (often 4-8; the interview
guide's topics are a usual start: G). Note what prompted a theme (L links the selected passage), write
memos as you go (m), look at the most frequent words (f), and mark each transcript read (r) or re-read (R).
A theme becomes a code group of the codebook for step 2 (T)."""
    BINDINGS = [
        Binding("t", "new_theme", "New theme",
                tooltip="Write a new preliminary theme, from what stands out in the reading",
                id="impression-new-theme"),
        Binding("L", "link_theme", "Link to theme",
                tooltip="Link the selected passage to a theme, as the place the theme came from", id="impression-link"),
        Binding("m", "memo", "Memo",
                tooltip="Write a memo on this transcript, the theme or the selected passage", id="impression-memo"),
        Binding("k", "toggle_themes", "Themes",
                tooltip="Show or hide the themes beside the text", id="impression-themes"),
        Binding("R", "mark_reread", "Mark re-read", show=False,
                tooltip="Mark this transcript re-read", id="impression-reread"),
        Binding("f", "frequencies", "Word frequencies", show=False,
                tooltip="Word frequencies, per document or per participant group (lemmas)",
                id="impression-frequencies"),
        Binding("G", "themes_from_guide", "Themes from a guide", show=False,
                tooltip="Start themes from the interview guide's questions", id="impression-guide"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.themes: list[Theme] = []
        self.side_shown: bool | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="impression"):
            with Vertical(id="reading"):
                yield Static("", id="no-documents")
                yield TranscriptView(None, codes=False, id="transcript")
            with Vertical(id="side"):
                yield Label("Preliminary themes", classes="section-title")
                yield ThemeList(id="themes")
                yield DraftInput(placeholder="the theme's title", id="theme-title")
                yield DraftArea(id="theme-note")
                yield Label("Memos on this transcript", classes="section-title")
                yield Static("", id="memos")
                yield DraftArea(id="memo")

    def on_mount(self) -> None:
        self._place_side()

    def on_resize(self) -> None:
        self._place_side()

    def _place_side(self) -> None:
        """Beside the text on a wide terminal; on a narrow one the themes take the whole width while shown."""
        wide = self.size.width >= WIDE
        shown = self.side_shown if self.side_shown is not None else wide
        side = self.query_one("#side")
        side.display = shown
        side.styles.width = 44 if wide else "1fr"
        self.query_one("#reading").display = wide or not shown

    # reading (on the worker: see ReadingScreen)

    def read_more(self, reader: Project, document: Document | None) -> object:
        memos = reader.impression.memos(kind="document", target_id=document.id) if document is not None else []
        return Beside(reader.impression.themes(), memos)

    def show_more(self, more: object) -> None:
        assert isinstance(more, Beside)
        self.themes = more.themes
        themes = self.query_one(ThemeList)
        highlighted = themes.highlighted
        themes.clear_options()
        themes.add_options([Option(Text(t.title), id=str(t.id)) for t in self.themes])
        if self.themes:
            themes.highlighted = min(highlighted or 0, len(self.themes) - 1)
        self._show_theme()
        memo_lines = Text()
        for memo in more.memos[-6:]:
            memo_lines.append(f"{memo.author} {memo.created_at[:10]}: ", style="dim")
            memo_lines.append(f"{memo.text}\n")
        self.query_one("#memos", Static).update(memo_lines or Text("none yet (m writes one)", style="dim"))
        if self.document is not None:
            self.query_one("#memo", DraftArea).show("memo.document", self.document.id, "")

    def _theme(self) -> Theme | None:
        themes = self.query_one(ThemeList)
        if themes.highlighted is None or themes.highlighted >= len(self.themes):
            return None
        return self.themes[themes.highlighted]

    @on(OptionList.OptionHighlighted, "#themes")
    def _theme_highlighted(self) -> None:
        self._show_theme()

    def _show_theme(self) -> None:
        theme = self._theme()
        title, note = self.query_one("#theme-title", DraftInput), self.query_one("#theme-note", DraftArea)
        title.display = note.display = theme is not None
        if theme is not None:
            title.show("theme.title", theme.id, theme.title)
            note.show("theme.note", theme.id, theme.note)

    # what the keys do

    def action_toggle_themes(self) -> None:
        side = self.query_one("#side")
        if side.display and not self.query_one(ThemeList).has_focus:
            self.query_one(ThemeList).focus()
            return
        self.side_shown = not side.display
        self._place_side()
        (self.query_one(ThemeList) if side.display else self.query_one(TranscriptView)).focus()

    def _selection(self) -> tuple[int, int] | None:
        return self.query_one(TranscriptView).highlight

    def action_new_theme(self) -> None:
        label = self.document.label if self.document else None
        span = self._selection()

        def named(title: str | None) -> None:
            if not title or not title.strip():
                return
            sources = [(label, *(span or (None, None)))] if label else []
            self.write(lambda project: project.impression.add_theme(title.strip(), sources=sources),
                       what="add theme", done=lambda _: self.notify(f"theme: {title.strip()}"))

        where = " (the selected passage prompted it)" if span else ""
        self.app.push_screen(Ask(f"A preliminary theme{where}:"), named)

    def action_link_theme(self) -> None:
        theme, document = self._theme(), self.document
        if theme is None or document is None:
            self.notify("highlight a theme beside the text first (t makes one)", severity="warning")
            return
        span = self._selection()
        theme_id, label = theme.id, document.label
        start, end = span if span else (None, None)
        said = "the selected passage" if span else label
        self.write(lambda project: project.impression.link_passage(theme_id, label, start, end),
                   what="theme source", done=lambda _: self.notify(f"{theme.title}: prompted by {said}"))

    def action_delete_theme(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        theme_id = theme.id

        def delete(yes: bool | None) -> None:
            if yes:
                self.write(lambda project: project.impression.delete_theme(theme_id), what="delete theme",
                           done=lambda _: self.notify(f"theme {theme.title} deleted"))

        self.app.push_screen(Confirm(f"Delete the theme {theme.title}? (A code group made from it stays.)"), delete)

    def action_theme_to_group(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        theme_id = theme.id
        self.write(lambda project: project.impression.theme_to_code_group(theme_id), what="theme to code group",
                   done=lambda name: self.notify(f"code group for step 2: {name}"))

    def action_memo(self) -> None:
        """A memo on this transcript; with a passage selected, the memo starts by saying which."""
        if self.document is None:
            return
        self.side_shown = True
        self._place_side()
        memo = self.query_one("#memo", DraftArea)
        span = self._selection()
        if span and not memo.text.strip():
            line = self.document.text.count("\n", 0, span[0]) + 1
            passage = " ".join(self.document.text[span[0]:span[1]].split())
            memo.load_text(f"{self.document.label} line {line}, «{passage[:80]}»: ")
            memo.draft.changed(memo.text)
        memo.focus()
        memo.move_cursor(memo.document.end)

    def action_mark_reread(self) -> None:
        if self.document is not None:
            label = self.document.label
            self.write(lambda project: project.impression.set_reading_status(label, "re-read"), what="mark re-read",
                       done=lambda _: self.notify(f"{label} marked as re-read"))

    def action_frequencies(self) -> None:
        self.app.push_screen(FrequenciesScreen(self.project, self.document.label if self.document else None))

    def action_themes_from_guide(self) -> None:
        def read(path: str | None) -> None:
            if not path or not path.strip():
                return
            guide = Path(path.strip()).expanduser()

            def job(project: Project) -> int:
                from ...ingest.encoding import read_text_file  # the same reading as `qualcode theme from-guide`

                return len(project.impression.themes_from_guide(read_text_file(guide)))

            self.write(job, what="themes from a guide", done=lambda n: self.notify(f"{n} themes from {guide.name}"))

        self.app.push_screen(Ask("The interview guide (a Markdown or text file), each topic a theme:",
                                 placeholder="corpora/guides/demo-nb-intervjuguide.md"), read)


class FrequenciesScreen(Screen):
    """The most frequent words (lemmas, stop words and fillers left out) per document or participant group."""

    HELP = """The most frequent words, as lemmas, with stop words, fillers and the transcriber's notes left
out: per document, or per participant group (b switches). A first look at what the interviews talk about,
not a finding."""
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back to the transcript", id="frequencies-back"),
                Binding("b", "switch", "By document / group",
                        tooltip="Count per document or per participant group", id="frequencies-by")]

    def __init__(self, project: Project, document: str | None) -> None:
        super().__init__()
        self.project = project
        self.document = document
        self.by = "document"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="frequencies-title")
        yield DataTable(id="frequencies", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Word frequencies"
        self._count()

    def action_switch(self) -> None:
        self.by = "group" if self.by == "document" else "document"
        self._count()

    def _count(self) -> None:
        self.query_one(DataTable).loading = True
        self.query_one("#frequencies-title", Label).update(f" counting words by {self.by} ...")
        self._read(self.by)

    @work(thread=True, exclusive=True, exit_on_error=False, group="frequencies")
    def _read(self, by: str) -> None:
        with Project(self.project.path, self.project.coder) as reader:  # spaCy loads here, not on the screen
            found = reader.impression.frequencies(by=by, top=25)
        self.app.call_from_thread(self._show, by, found)

    def _show(self, by: str, found: dict[str, list[tuple[str, int]]]) -> None:
        names = sorted(found, key=lambda name: (name != self.document, name))  # the open transcript first
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Rank", *names)
        for rank in range(max((len(words) for words in found.values()), default=0)):
            table.add_row(str(rank + 1), *(f"{found[n][rank][0]} {found[n][rank][1]}" if rank < len(found[n]) else ""
                                           for n in names))
        table.loading = False
        self.query_one("#frequencies-title", Label).update(
            f" the 25 most frequent words by {by} (b: by {'group' if by == 'document' else 'document'})")
