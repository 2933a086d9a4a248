"""Mode 1, total impression: read a transcript whole, with the preliminary themes beside it.

Themes are added (t), linked to the passage that prompted them (L: the theme highlighted beside the text,
or one chosen from a list when the themes are hidden), renamed and described as you type, deleted,
started from an interview guide (G) and turned into code groups (T). m writes a memo, typed under the
text: on the theme when the themes have the focus, on the selected passage, else on the transcript. The
word frequencies per document or participant group come from a worker (f); r marks the transcript read,
R re-read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...drafts import passage_memo_field
from ...models import Document
from ...project import Project
from ...stc.step1_impression import Memo, Theme
from ..modals.ask import Ask
from ..modals.choose import Choose
from ..modals.confirm import Confirm
from ..widgets.draft_fields import DraftArea, DraftInput
from ..widgets.table_cells import short_quote
from ..widgets.transcript import TranscriptView
from .base import StepScreen, typing_in
from .reading import ReadingScreen

WIDE = 110  # from this width on the themes, their title and note show beside the text
MEMOS_SHOWN = 5  # the newest memos under the text
# the screen's keys that are letters: in a text field they type, so the footer leaves them out
_LETTER_ACTIONS = {"new_theme", "link_theme", "memo", "toggle_themes", "mark_reread", "frequencies",
                   "themes_from_guide", "choose_document", "mark_read", "correct_passage", "search"}


WordCounts = dict[tuple[str, bool], dict[str, list[tuple[str, int]]]]  # (by, stop words kept) -> name -> top words


@dataclass(frozen=True)
class Beside:
    """What step 1 reads beside the transcript."""

    themes: list[Theme]
    memos: list[Memo]  # on the transcript and its passages
    theme_memos: list[Memo]


@dataclass(frozen=True)
class MemoOn:
    """What the memo being written is on: its draft field and target, and the words that say so."""

    field: str
    target: int
    said: str


class ThemeList(OptionList):
    BINDINGS = [Binding("delete,x", "screen.delete_theme", "Delete theme",
                        tooltip="Delete this preliminary theme (asks first)", id="theme-delete"),
                Binding("T", "screen.theme_to_group", "To a code group",
                        tooltip="Make this theme a code group in the codebook, to start step 2 from it",
                        id="theme-to-group")]

    def watch_show_vertical_scrollbar(self) -> None:
        """The list measures how many rows each wrapped title takes at its width before its scrollbar takes
        two columns of it; measured again, or a title wrapping one row more loses its last words."""
        self._clear_caches()


class ImpressionScreen(ReadingScreen):
    STEP = 1
    HELP = """Step 1, total impression: read every transcript openly, as a whole, setting your
preconceptions aside, and note the preliminary themes that come to mind (often 4-8; the interview
guide's topics are a usual start: G). Note what prompted a theme (L links the selected passage), write
memos as you go (m: on the transcript, the selected passage, or the theme when the themes have the focus),
look at the most frequent words (f), and mark each transcript read (r) or re-read (R).
A theme becomes a code group of the codebook for step 2 (T)."""
    BINDINGS = [
        # on show in step 2's footer; here the footer keeps its room for the step's own keys (F1 lists them)
        Binding("d", "choose_document", "Document", show=False, tooltip="Choose another transcript to read",
                id="choose-document"),
        Binding("slash", "search", "Search", show=False,
                tooltip="Search the transcripts by lemma and jump to the hits", id="search"),
        Binding("t", "new_theme", "New theme",
                tooltip="Write a new preliminary theme, from what stands out in the reading",
                id="impression-new-theme"),
        Binding("L", "link_theme", "Link to theme",
                tooltip="Link the selected passage to the highlighted theme (or one you choose), as the place "
                        "the theme came from", id="impression-link"),
        Binding("m", "memo", "Memo",
                tooltip="Write a memo on the theme (when the themes have the focus), the selected passage, "
                        "or this transcript", id="impression-memo"),
        Binding("k", "toggle_themes", "Themes",
                tooltip="Go to the themes beside the text; again, hide them", id="impression-themes"),
        Binding("escape", "to_text", "Back to the text",
                tooltip="Leave the field for the transcript (what you typed is kept)", id="impression-to-text"),
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
        self.side_shown = True  # k hides the themes (and shows them again)
        self.memo_on: MemoOn | None = None  # what the memo under the text is written on
        self._memos: list[Memo] = []
        self._theme_memos: list[Memo] = []
        self.counted_words: WordCounts = {}  # the frequencies screen's counts, until the project changes
        self._new_theme: int | None = None  # a theme just made: highlighted once the themes show it

    def reload(self) -> None:
        self.counted_words = {}
        super().reload()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="impression"):
            with Vertical(id="reading"):
                yield Static("", id="no-documents")
                yield TranscriptView(None, codes=False, id="transcript")
                yield Static("", id="memos")
                yield Label("", id="memo-label", classes="field-label")
                yield DraftArea(id="memo")
            with Vertical(id="side"):
                yield Label("Preliminary themes", classes="section-title")
                yield ThemeList(id="themes")
                yield Label("Title of the theme", id="theme-title-label", classes="field-label theme-field")
                yield DraftInput(placeholder="the theme's title", id="theme-title", classes="theme-field")
                yield Label("Note: what it holds, what prompted it", id="theme-note-label",
                            classes="field-label theme-field")
                yield DraftArea(id="theme-note", classes="theme-field")

    def on_mount(self) -> None:
        self._place()

    def on_resize(self) -> None:
        self._place()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._place()
        self.refresh_bindings()  # check_action: the footer's keys depend on whether a text field has the focus

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._place)  # where the focus went is known once the blur is over

    def on_screen_resume(self) -> None:
        self.refresh_bindings()

    def _place(self) -> None:
        """Wide: the themes with their title and note beside the text. Narrower: only the themes, in a
        column beside the text, while a theme's title or note being typed takes the width; k hides them."""
        if not self.is_attached:
            return
        wide = self.size.width >= WIDE
        side = self.query_one("#side")
        editing = any(field.has_focus for field in self.query(".theme-field"))
        side.display = self.side_shown
        side.set_class(not wide and not editing, "compact")
        side.set_class(not wide and editing, "editing")
        self.query_one("#reading").display = wide or not editing or not self.side_shown
        theme = self._theme()
        for field in self.query(".theme-field"):
            field.display = theme is not None and (wide or editing)
        memo = self.query_one("#memo", DraftArea)
        writing = memo.has_focus or bool(memo.text.strip())
        memo.display = self.query_one("#memo-label").display = writing and self.memo_on is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a text field the footer says how to leave it, not the letters that type there."""
        if action == "to_text":
            return typing_in(self.focused)
        return not (action in _LETTER_ACTIONS and typing_in(self.focused))

    # reading (on the worker: see ReadingScreen)

    def read_more(self, reader: Project, document: Document | None) -> object:
        memos = reader.impression.memos(kind="document", target_id=document.id) if document is not None else []
        return Beside(reader.impression.themes(), memos, reader.impression.memos(kind="theme"))

    def show_more(self, more: object) -> None:
        assert isinstance(more, Beside)
        self.themes = more.themes
        self._memos, self._theme_memos = more.memos, more.theme_memos
        themes = self.query_one(ThemeList)
        highlighted = themes.highlighted
        themes.clear_options()
        themes.add_options([Option(Text(t.title), id=str(t.id)) for t in self.themes])
        ids = [t.id for t in self.themes]
        if self._new_theme in ids:  # t's theme becomes the current one, the one L links to
            themes.highlighted = ids.index(self._new_theme)
            self._new_theme = None
        elif self.themes:
            themes.highlighted = min(highlighted or 0, len(self.themes) - 1)
        self._show_theme()
        self._show_memos()
        memo_on = self.memo_on
        if memo_on is not None:
            if memo_on.field == "memo.theme" and all(t.id != memo_on.target for t in self.themes):
                self._end_memo()  # its theme was deleted: what was typed is kept (as a project memo)
            else:
                self.query_one("#memo", DraftArea).show(memo_on.field, memo_on.target, "")
        self._place()

    def document_changed(self) -> None:
        self._end_memo()

    def _theme(self) -> Theme | None:
        themes = self.query_one(ThemeList)
        if themes.highlighted is None or themes.highlighted >= len(self.themes):
            return None
        return self.themes[themes.highlighted]

    @on(OptionList.OptionHighlighted, "#themes")
    def _theme_highlighted(self) -> None:
        self._show_theme()
        self._show_memos()

    @on(OptionList.OptionSelected, "#themes")
    def _edit_theme(self) -> None:
        """Enter on a theme: type its title (and, below it, its note)."""
        if self._theme() is not None:
            self.query_one("#theme-title", DraftInput).display = True
            self.query_one("#theme-title", DraftInput).focus()

    def _show_theme(self) -> None:
        theme = self._theme()
        if theme is not None:
            self.query_one("#theme-title", DraftInput).show("theme.title", theme.id, theme.title)
            self.query_one("#theme-note", DraftArea).show("theme.note", theme.id, theme.note)
        self._place()

    def _show_memos(self) -> None:
        """The newest memos on this transcript, its passages and the highlighted theme (newest first), each
        with what it is on."""
        theme = self._theme()
        memos = self._memos + [m for m in self._theme_memos if theme is not None and m.target_id == theme.id]
        lines = Text()
        for memo in sorted(memos, key=lambda m: m.id, reverse=True)[:MEMOS_SHOWN]:  # newest first: the rest may be cut
            lines.append(f"{self._memo_place(memo)} · {memo.author} {memo.created_at[:10]}: ", style="dim")
            lines.append(" ".join(memo.text.split()) + "\n")
        lines.rstrip()
        self.query_one("#memos", Static).update(lines or Text("no memos yet (m writes one)", style="dim"))

    def _memo_place(self, memo: Memo) -> str:
        if memo.target_kind == "theme":
            title = next((t.title for t in self.themes if t.id == memo.target_id), str(memo.target_id))
            return f"on theme {title}"
        if memo.target_kind == "passage" and self.document is not None and memo.start is not None:
            return f"on {self._passage_words(memo.start, memo.end or memo.start)}"
        return "on the transcript"

    def _passage_words(self, start: int, end: int) -> str:
        assert self.document is not None
        text = self.document.text
        line = text.count("\n", 0, start) + 1
        return f"line {line} «{short_quote(text[start:end])}»"

    # what the keys do

    def action_toggle_themes(self) -> None:
        """To the themes beside the text; from them, hide them (k again brings them back)."""
        themes = self.query_one(ThemeList)
        if self.side_shown and not themes.has_focus:
            themes.focus()
        else:
            self.side_shown = not self.side_shown
            if self.side_shown:
                self.call_after_refresh(themes.focus)
            else:
                self.query_one(TranscriptView).focus()
        self._place()

    def action_to_text(self) -> None:
        """Out of a field, back to the transcript; what was typed is kept."""
        self.query_one(TranscriptView).focus()

    def _selection(self) -> tuple[int, int] | None:
        return self.query_one(TranscriptView).highlight

    def action_new_theme(self) -> None:
        label = self.document.label if self.document else None
        span = self._selection()

        def named(title: str | None) -> None:
            if not title or not title.strip():
                return
            sources = [(label, *(span or (None, None)))] if label else []

            def added(theme_id: int) -> None:
                self._new_theme = theme_id
                self.notify(f"theme: {title.strip()}")

            self.write(lambda project: project.impression.add_theme(title.strip(), sources=sources),
                       what="add theme", done=added)

        where = " (the selected passage prompted it)" if span else ""
        self.app.push_screen(Ask(f"A preliminary theme{where}:"), named)

    def action_link_theme(self) -> None:
        """The selection (or the transcript) to the theme highlighted beside it; with the themes hidden, the
        theme is chosen from a list, so a passage is never linked to a theme the reader cannot see."""
        document = self.document
        if document is None:
            return
        if not self.themes:
            self.notify("no themes yet: t makes one", severity="warning")
            return
        span = self._selection()
        label = document.label
        start, end = span if span else (None, None)
        said = "the selected passage" if span else label

        def link(theme: Theme) -> None:
            theme_id = theme.id
            self.write(lambda project: project.impression.link_passage(theme_id, label, start, end),
                       what="theme source", done=lambda _: self.notify(f"{theme.title}: prompted by {said}"))

        theme = self._theme()
        if self.side_shown and theme is not None:
            link(theme)
            return

        def chosen(key: str | None) -> None:
            found = next((t for t in self.themes if str(t.id) == key), None)
            if found is not None:
                link(found)

        self.app.push_screen(Choose(f"Link {said} to which theme?", [(str(t.id), t.title) for t in self.themes],
                                    current=str(theme.id) if theme else None), chosen)

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
        """A memo under the text: on the highlighted theme when the themes have the focus, on the selected
        passage (anchored at its offsets), else on the transcript."""
        document = self.document
        if document is None:
            return
        theme, span = self._theme(), self._selection()
        if self.query_one(ThemeList).has_focus and theme is not None:
            memo_on = MemoOn("memo.theme", theme.id, f"Memo on the theme {theme.title}")
        elif span is not None:
            memo_on = MemoOn(passage_memo_field(*span), document.id, f"Memo on {self._passage_words(*span)}")
        else:
            memo_on = MemoOn("memo.document", document.id, f"Memo on {document.label}")
        self._write_memo_on(memo_on)

    def _write_memo_on(self, memo_on: MemoOn) -> None:
        memo = self.query_one("#memo", DraftArea)
        if self.memo_on is not None and (self.memo_on.field, self.memo_on.target) != (memo_on.field, memo_on.target):
            self._end_memo()
        self.memo_on = memo_on
        memo.show(memo_on.field, memo_on.target, "")
        self.query_one("#memo-label", Label).update(Text(memo_on.said))
        memo.display = self.query_one("#memo-label").display = True
        memo.focus()
        memo.move_cursor(memo.document.end)

    def _end_memo(self) -> None:
        """The memo being typed goes where it was on (another one is about to begin, or the transcript changed)."""
        memo = self.query_one("#memo", DraftArea)
        finished = memo.finish()
        if finished is not None:
            self.save(finished)
        self.memo_on = None
        memo.draft.bind("", 0)
        memo.load_text("")

    def action_mark_reread(self) -> None:
        if self.document is not None:
            label = self.document.label
            self.write(lambda project: project.impression.set_reading_status(label, "re-read"), what="mark re-read",
                       done=lambda _: self.notify(f"{label} marked as re-read"))

    def action_frequencies(self) -> None:
        self.app.push_screen(FrequenciesScreen(self.document.label if self.document else None, self.counted_words))

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


class FrequenciesScreen(StepScreen):
    """The most frequent words (lemmas; stop words, fillers and speaker labels left out) per document or
    participant group, counted on a worker; each count is kept (in counted, the step 1 screen's until the
    project changes) so b and s count each view once."""

    STEP = 1  # pushed over step 1, with its step bar
    HELP = """The most frequent words, as lemmas, with stop words, fillers, speaker labels and the
transcriber's notes left out: per document, or per participant group (b switches; s shows the stop words
too). A first look at what the interviews talk about, not a finding."""
    BINDINGS = [Binding("escape", "back", "Back", tooltip="Back to the transcript", id="frequencies-back"),
                Binding("b", "switch", "By document / group",
                        tooltip="Count per document or per participant group", id="frequencies-by"),
                Binding("s", "stop_words", "Stop words",
                        tooltip="Show the stop words (og, det, hva ...) too, or leave them out again",
                        id="frequencies-stop-words")]
    TOP = 25
    # columns shown at most, the open transcript's first: a thousand documents' columns held the screen 2.6 s
    # (and no one reads across them); the CLI lists them all
    COLUMNS = 12

    def __init__(self, document: str | None, counted: WordCounts | None = None) -> None:
        super().__init__()
        self.document = document
        self.by = "document"
        self.keep_stop_words = False
        self.counted: WordCounts = {} if counted is None else counted

    def compose_body(self) -> ComposeResult:
        yield Label("", id="frequencies-title")
        yield DataTable(id="frequencies", cursor_type="row")

    def on_mount(self) -> None:
        self.sub_title = "Word frequencies"

    def reload(self) -> None:
        """A change elsewhere keeps the counts on show (b and s count anew only what is not counted yet)."""
        self._count()

    def action_switch(self) -> None:
        self.by = "group" if self.by == "document" else "document"
        self._count()

    def action_stop_words(self) -> None:
        self.keep_stop_words = not self.keep_stop_words
        self._count()

    def _count(self) -> None:
        by, keep = self.by, self.keep_stop_words
        if (by, keep) in self.counted:
            self._show(by, keep, self.counted[by, keep])
            return
        self.query_one(DataTable).loading = True
        first = "" if self.counted else " (the first count loads the language's word lists: some seconds)"
        self.query_one("#frequencies-title", Label).update(f" counting words by {by}…{first}")
        top = self.TOP
        self.read_then(lambda reader: reader.impression.frequencies(by=by, top=top, keep_stop_words=keep),
                       lambda found: self._counted(by, keep, found), group="frequencies")

    def _counted(self, by: str, keep: bool, found: dict[str, list[tuple[str, int]]]) -> None:
        self.counted[by, keep] = found
        if (by, keep) == (self.by, self.keep_stop_words):
            self._show(by, keep, found)

    def _show(self, by: str, keep: bool, found: dict[str, list[tuple[str, int]]]) -> None:
        every = sorted(found, key=lambda name: (name != self.document, name))  # the open transcript first
        names = every[:self.COLUMNS]
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Rank", *names)
        for rank in range(max((len(words) for words in found.values()), default=0)):
            table.add_row(str(rank + 1), *(f"{found[n][rank][0]} {found[n][rank][1]}" if rank < len(found[n]) else ""
                                           for n in names))
        table.loading = False
        other = "group" if by == "document" else "document"
        stops = "stop words shown (s: leave them out)" if keep else "stop words left out (s: show them)"
        shown = (f" · the first {len(names)} of {len(every):,} {by}s (qualcode frequencies lists all)"
                 if len(names) < len(every) else "")
        self.query_one("#frequencies-title", Label).update(
            f" the {self.TOP} most frequent words by {by} · b: by {other} · {stops}{shown}")
