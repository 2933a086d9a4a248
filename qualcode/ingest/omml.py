"""Word equations (Office Math) as linear text, the way Word's own linear format writes them:
`sin θ=mλ/a`, `10^-6`, `x_i`, `√(2)`. Enough to keep a formula someone reads aloud as text."""

from __future__ import annotations

from xml.etree.ElementTree import Element

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_PROPERTIES = {f"{M}{name}" for name in ("rPr", "ctrlPr", "fPr", "dPr", "sSupPr", "sSubPr", "sSubSupPr", "radPr",
                                          "naryPr", "funcPr", "accPr", "barPr", "eqArrPr", "limLowPr", "limUppPr",
                                          "mPr", "oMathParaPr", "boxPr", "borderBoxPr", "groupChrPr", "sPrePr")}


def linear(element: Element) -> str:
    """An m:oMath or m:oMathPara element as one line of text."""
    tag = element.tag
    if tag == f"{M}t":
        return element.text or ""
    if tag in _PROPERTIES:
        return ""
    if tag == f"{M}f":
        return f"{_grouped(element, 'num')}/{_grouped(element, 'den')}"
    if tag == f"{M}sSup":
        return f"{_part(element, 'e')}^{_script(element, 'sup')}"
    if tag == f"{M}sSub":
        return f"{_part(element, 'e')}_{_script(element, 'sub')}"
    if tag == f"{M}sSubSup":
        return f"{_part(element, 'e')}_{_script(element, 'sub')}^{_script(element, 'sup')}"
    if tag == f"{M}nary":  # ∫, ∑, ∏ with their limits
        properties = element.find(f"{M}naryPr/{M}chr")
        sign = properties.get(f"{M}val", "∫") if properties is not None else "∫"
        sub, sup = _script(element, "sub"), _script(element, "sup")
        return f"{sign}{f'_{sub}' if sub else ''}{f'^{sup}' if sup else ''} {_part(element, 'e')}"
    if tag == f"{M}rad":
        return f"√({_part(element, 'e')})"
    if tag == f"{M}d":
        begin, end = _delimiters(element)
        return begin + ",".join(linear(e) for e in element.findall(f"{M}e")) + end
    if tag == f"{M}oMathPara":
        return " ".join(linear(child) for child in element if child.tag == f"{M}oMath")
    return "".join(linear(child) for child in element)


def _part(element: Element, name: str) -> str:
    found = element.find(f"{M}{name}")
    return linear(found) if found is not None else ""


def _grouped(element: Element, name: str) -> str:
    """A numerator, denominator or script: in brackets when it is more than one plain piece."""
    text = _part(element, name)
    return text if text.replace(".", "").replace("-", "").isalnum() or len(text) <= 1 else f"({text})"


def _script(element: Element, name: str) -> str:
    """A superscript or subscript: in brackets unless it is one character (10^(-6) rad, x_i)."""
    text = _part(element, name)
    return text if len(text) <= 1 else f"({text})"


def _delimiters(element: Element) -> tuple[str, str]:
    properties = element.find(f"{M}dPr")
    begin, end = "(", ")"
    if properties is not None:
        found_begin = properties.find(f"{M}begChr")
        found_end = properties.find(f"{M}endChr")
        begin = found_begin.get(f"{M}val", "") if found_begin is not None else begin
        end = found_end.get(f"{M}val", "") if found_end is not None else end
    return begin, end
