"""Where the analysis stands, on every screen: one line per step of the method, the current one marked.

`0 Home │ 1 Impression 6/6 read · 5 themes │ 2 Units 59 · 4 groups │ 3 Condensed 8/10 │ 4 Written 6/10 · ...`
On a narrow terminal the other steps shorten first and the current one keeps its words longest; a label
is shortened by leaving words out, never by cutting them ("5 th"). A click on a step goes there.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...progress import StepProgress
from ...wording import plural


def step_texts(progress: StepProgress) -> list[list[str]]:
    """For each step 0-4 its label, from the longest form (the CLI's words) to the shortest."""
    p = progress
    of = f"/{p.subgroups}"
    longest = ["0 Home", *(f"{number} {name} {figures}" for number, name, figures in p.steps())]
    medium = ["0 Home", f"1 Read {p.read}/{p.documents} · {plural(p.themes, 'theme')}",
              f"2 Units {p.units} · {plural(p.code_groups, 'group')}", f"3 Condensed {p.condensed}{of}",
              f"4 Written {p.written}{of} ✓{p.checked}"]
    short = ["0 ⌂", f"1 Read {p.read}/{p.documents}", f"2 Units {p.units}", f"3 Condensed {p.condensed}{of}",
             f"4 Written {p.written}{of}"]
    shortest = ["0 ⌂", f"1 {p.read}/{p.documents}", f"2 {p.units}", f"3 {p.condensed}{of}", f"4 {p.written}{of}"]
    return [list(forms) for forms in zip(longest, medium, short, shortest, strict=True)]


# (form of the current step, form of the others), tried in order until the line fits
_CHOICES = [(0, 0), (1, 1), (0, 2), (1, 2), (2, 2), (0, 3), (1, 3), (2, 3), (3, 3)]


class StepBar(Widget):
    DEFAULT_CSS = """
    StepBar {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """
    SEPARATOR = " │ "

    def __init__(self, step: int | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.step = step
        self.progress: StepProgress | None = None

    def show(self, progress: StepProgress) -> None:
        self.progress = progress
        self.refresh()

    def line(self, width: int) -> list[str]:
        """The labels that fit the width: the longest form all steps can share."""
        if self.progress is None:
            return []
        forms = step_texts(self.progress)
        labels: list[str] = []
        for current, others in _CHOICES:
            labels = [step[current if number == self.step else others] for number, step in enumerate(forms)]
            if cell_len(" " + self.SEPARATOR.join(labels)) <= width:
                return labels
        return labels

    def render(self) -> Text:
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        current = Style(bold=True, reverse=True)
        for number, label in enumerate(self.line(self.size.width)):
            if number:
                text.append(self.SEPARATOR, style="dim")
            style = current if number == self.step else Style()
            text.append(label, style=style + Style(meta={"@click": f"app.step({number})"}))
        return text
