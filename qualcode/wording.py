"""Small helpers for the words the faces show."""

import re


def plural(count: int, noun: str) -> str:
    """1 unit, 2 units."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


# Escape sequences (CSI, OSC, DCS and the two-byte ones) and control characters but newline and tab:
# text from files and other people must never move the cursor, retitle or clear the user's terminal.
_TERMINAL_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?"
    r"|\x9b[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def printable(text: str) -> str:
    """The text without terminal control: what a name, a description or a line may hold."""
    return _TERMINAL_CONTROL.sub("", text)


def printable_keeping_styles(text: str) -> str:
    """As printable, but colour and bold (SGR) survive: the CLI's own highlighting."""
    parts = _STYLE.split(text)
    styles = _STYLE.findall(text)
    out = [printable(parts[0])]
    for style, part in zip(styles, parts[1:], strict=True):
        out += [style, printable(part)]
    return "".join(out)
