"""REFI-QDA codebooks: the <Codes> tree read from any writer, fitted to our codebook, and written.

The same reader serves a .qdc file and the codebook inside a .qde. What other programs do that our
codebook does not: namespace variants (codebook:1:0, 0:4) are read by local names; Taguette has no nesting
and writes the path into the name (`interesting\\places`); NVivo and qc nest deeper than code group >
subgroup > code (the deeper codes are placed at the third level, named with their path); the same name
under different parents is told apart by GUID; colours come as #rgb or with alpha. Each is said in the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from ..codebook.model import LEVELS, CodeNode
from ..errors import ImportRefused, QualcodeError
from ..wording import printable
from . import guids
from .report import ExchangeReport
from .xml_safety import child, children, local_name, namespace_of, open_archive, parse_xml, text_of

NAMESPACE = "urn:QDA-XML:codebook:1.0"
FOLD = " › "  # joins the names of codes nested deeper than our three levels
_RGB = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3}|[0-9a-fA-F]{8})")
MAX_QDC_BYTES = 64 * 1024 * 1024
_CODE_PARTS = frozenset({"Description", "NoteRef", "Code"})


@dataclass
class ForeignCode:
    guid: str
    name: str
    description: str = ""
    colour: str = ""
    children: list[ForeignCode] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class ForeignSet:
    guid: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class FittedCodebook:
    """The codes as our codebook can hold them; by_guid finds the node each foreign GUID became."""

    nodes: list[CodeNode]
    by_guid: dict[str, CodeNode]
    count: int


def read_codes(codes: Element | None, report: ExchangeReport) -> list[ForeignCode]:
    """Every <Code> below <Codes>, nested as written."""
    if codes is None:
        return []
    return [_code(element, report) for element in children(codes, "Code")]


def read_guid(value: str | None, report: ExchangeReport) -> str:
    """A GUID as its matching key; the spellings met are said once (braces, upper case)."""
    raw = (value or "").strip()
    if raw.islower() and raw[0] != "{" and raw[-1] != "}":  # the usual spelling: nothing to say or change
        return raw
    if raw.startswith("{"):
        report.note("GUIDs written in braces ({...}) were read without them")
    if raw != raw.lower():
        report.note("GUIDs in upper case were matched without regard to case")
    return guids.normalise(raw)


def _code(element: Element, report: ExchangeReport) -> ForeignCode:
    guid = read_guid(element.get("guid"), report)
    name = printable(element.get("name") or "").strip()
    if not guid:
        guid = guids.named("code without guid", name)
        report.note(f"a code without a GUID ({name or 'no name'}) was given one")
    if not name:
        name = f"(no name {guid[:8]})"
        report.note(f"a code without a name was named {name}")
    note_unknown(element, _CODE_PARTS, report, where="a Code")
    code = ForeignCode(guid, name, text_of(child(element, "Description")).strip(),
                       _colour(element.get("color") or "", name, report),
                       note_refs=[guids.normalise(ref.get("targetGUID")) for ref in children(element, "NoteRef")])
    code.children = [_code(sub, report) for sub in children(element, "Code")]
    return code


def _colour(value: str, name: str, report: ExchangeReport) -> str:
    """#rrggbb for our codebook; #rgb widened, an alpha channel dropped (said once), nonsense left out."""
    value = value.strip()
    if not value:
        return ""
    match = _RGB.fullmatch(value)
    if not match:
        report.note(f"colours that are not #rrggbb (such as {value!r} of {name}) were left out", once="bad colour")
        return ""
    digits = match.group(1)
    if len(digits) == 3:
        return "#" + "".join(d * 2 for d in digits).lower()
    if len(digits) == 8:  # #aarrggbb (.NET writers) unless the alpha is plainly at the end
        alpha_last = digits[6:].lower() in ("ff", "00") and digits[:2].lower() not in ("ff", "00")
        rgb = digits[:6] if alpha_last else digits[2:]
        report.note(f"colours with an alpha channel (such as {value}) were read as #rrggbb", once="alpha")
        return "#" + rgb.lower()
    return "#" + digits if value.startswith("#") else "#" + digits


def read_sets(sets: Element | None, report: ExchangeReport) -> list[ForeignSet]:
    """Sets of codes (and, in a .qde, of sources and notes); MemberCode by guid= or targetGUID=."""
    if sets is None:
        return []
    found = []
    spellings: set[str] = set()
    for element in children(sets, "Set"):
        members: dict[str, list[str]] = {"MemberCode": [], "MemberSource": [], "MemberNote": []}
        for member in element:
            kind = local_name(member)
            if kind in members:
                spellings.update(attr for attr in ("guid", "targetGUID") if member.get(attr))
                members[kind].append(read_guid(member.get("targetGUID") or member.get("guid"), report))
        found.append(ForeignSet(read_guid(element.get("guid"), report), printable(element.get("name") or "").strip(),
                                text_of(child(element, "Description")).strip(), members["MemberCode"],
                                members["MemberSource"], members["MemberNote"]))
    if not found:
        report.note("an empty <Sets/> (invalid by the schema, Taguette writes it) was accepted")
    if spellings == {"guid", "targetGUID"}:
        report.note("set members are named both by guid= and by targetGUID=: both were read")
    return found


def fit(codes: list[ForeignCode], report: ExchangeReport, *, backslash_paths: bool = True) -> FittedCodebook:
    """Our codebook's shape: Taguette's backslash paths nested, deeper levels folded, sibling names distinct."""
    if backslash_paths and codes and all(not c.children for c in codes) and any("\\" in c.name for c in codes):
        codes = _nest_backslash_paths(codes, report)
    by_guid: dict[str, CodeNode] = {}
    folded: list[str] = []
    nodes = _fit_level(codes, 0, by_guid, folded, report)
    if folded:
        example = next((name for name in folded if FOLD in name), folded[0])
        report.note(f"{len(folded)} codes nested deeper than {' > '.join(LEVELS)} were placed at the third "
                    f"level, named with their path ({example})")
    return FittedCodebook(nodes, by_guid, len(by_guid))


def _fit_level(codes: list[ForeignCode], depth: int, by_guid: dict[str, CodeNode], folded: list[str],
               report: ExchangeReport) -> list[CodeNode]:
    nodes: list[CodeNode] = []
    taken: set[str] = set()
    for code in codes:
        if depth < len(LEVELS) - 1:
            node = _node(code, code.name, taken, by_guid, report)
            if node is not None:
                node.children = _fit_level(code.children, depth + 1, by_guid, folded, report)
                nodes.append(node)
            continue
        for each, name in _flattened(code):  # the third level holds the code and all below it
            node = _node(each, name, taken, by_guid, report)
            if node is not None:
                nodes.append(node)
                if each is not code:
                    folded.append(node.name)
    if depth == 0:
        _note_names_under_several_parents(codes, report)
    return nodes


def _node(code: ForeignCode, name: str, taken: set[str], by_guid: dict[str, CodeNode],
          report: ExchangeReport) -> CodeNode | None:
    if code.guid in by_guid:
        report.note(f"GUID {code.guid} is given to two codes: the second ({name}) was left out")
        return None
    unique = _distinct(name, taken)
    if unique != name:
        report.note(f"two codes named {name!r} under one parent: the second is called {unique!r}")
    node = CodeNode(unique, printable(code.description), code.colour, guids.code_uid(code.guid))
    by_guid[code.guid] = node
    return node


def _flattened(code: ForeignCode) -> list[tuple[ForeignCode, str]]:
    """A third-level code and everything below it, side by side, each named with its path from there."""
    found = [(code, code.name)]
    stack = [(sub, code.name + FOLD + sub.name) for sub in reversed(code.children)]
    while stack:
        each, name = stack.pop()
        found.append((each, name))
        stack.extend((sub, name + FOLD + sub.name) for sub in reversed(each.children))
    return found


def _distinct(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _note_names_under_several_parents(codes: list[ForeignCode], report: ExchangeReport) -> None:
    parents_of: dict[str, set[str]] = {}
    stack = [(code, "") for code in codes]
    while stack:
        code, parent = stack.pop()
        parents_of.setdefault(code.name.casefold(), set()).add(parent)
        stack.extend((sub, code.guid) for sub in code.children)
    repeated = sorted(name for name, parents in parents_of.items() if len(parents) > 1)
    if repeated:
        report.note(f"{len(repeated)} code names occur under several parents (such as {repeated[0]!r}): "
                    "kept apart by GUID")


def _nest_backslash_paths(codes: list[ForeignCode], report: ExchangeReport) -> list[ForeignCode]:
    """Taguette's `interesting\\places` is the code places inside the code interesting."""
    roots: list[ForeignCode] = []
    by_path: dict[tuple[str, ...], ForeignCode] = {}
    example = ""
    for code in sorted(codes, key=lambda c: c.name.count("\\")):  # parents before their children
        parts = tuple(part.strip() for part in code.name.split("\\") if part.strip()) or (code.name,)
        if len(parts) > 1 and not example:
            example = f"{code.name} became {' > '.join(parts)}"
        siblings = roots
        for depth in range(1, len(parts)):
            parent = by_path.get(parts[:depth])
            if parent is None:  # a path whose parent is no code of its own
                parent = ForeignCode(guids.named("code path", "\\".join(parts[:depth])), parts[depth - 1])
                by_path[parts[:depth]] = parent
                siblings.append(parent)
            siblings = parent.children
        code.name = parts[-1]
        by_path.setdefault(parts, code)
        siblings.append(code)
    report.note(f"code names held backslash paths (Taguette has no nesting): made a hierarchy ({example})")
    return roots


def read_qdc(path: Path, report: ExchangeReport) -> tuple[FittedCodebook, list[ForeignSet]]:
    """A .qdc file (plain XML, any namespace variant) as our codebook's nodes and its sets."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_QDC_BYTES:
        raise ImportRefused(f"{path.name} is {size / 1e6:,.0f} MB (limit {MAX_QDC_BYTES / 1e6:,.0f} MB)")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":  # some programs zip a codebook; read it like any archive
        with open_archive(path) as archive:
            inside = [name for name in archive.names if name.lower().endswith((".qdc", ".xml"))]
            if len(inside) != 1:
                raise ImportRefused(f"{path.name} is a zip without one codebook inside")
            data = archive.read(inside[0])
    root = parse_xml(data, path.name)
    if local_name(root) != "CodeBook":
        raise ImportRefused(f"{path.name} is not a REFI-QDA codebook (its root is <{local_name(root)}>, "
                            "not <CodeBook>)")
    note_namespace(root, NAMESPACE, report)
    codes = read_codes(child(root, "Codes"), report)
    sets = read_sets(child(root, "Sets"), report) if child(root, "Sets") is not None else []
    note_unknown(root, {"Codes", "Sets"}, report, where="the codebook")
    report.note_unknown()
    written_by_us = (root.get("origin") or "").startswith("qualcode")
    return fit(codes, report, backslash_paths=not written_by_us), sets


def note_namespace(root: Element, expected: str, report: ExchangeReport) -> None:
    found = namespace_of(root)
    if found != expected:
        report.note(f"namespace {found or '(none)'} read as {expected} (elements matched by their local names)")
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "")
    named_ns = location.split()[0] if location.split() else ""
    if named_ns and named_ns != found:
        report.note(f"xsi:schemaLocation names {named_ns} but the namespace is {found}: read as {expected}")


def note_unknown(element: Element, known: set[str] | frozenset[str], report: ExchangeReport, *, where: str) -> None:
    """Count the children no reader here knows (a vendor's extensions); the report says them once."""
    for each in element:
        name = local_name(each)
        if name and name not in known:
            report.unknown[f"<{name}> in {where}"] += 1


# writing

def codes_element(tag: str, tree: Sequence, note_refs: dict[int, list[str]] | None = None) -> Element:
    """<Codes> with every code nested as in our codebook; `tag` is `{namespace}` of the document written."""
    codes = Element(f"{tag}Codes")
    for info in tree:
        codes.append(_code_element(tag, info, note_refs))
    return codes


def _code_element(tag: str, info, note_refs: dict[int, list[str]] | None) -> Element:
    attributes = {"guid": guids.code_guid(info.uid), "name": xml_text(info.name), "isCodable": "true"}
    if info.colour:
        attributes["color"] = info.colour
    element = Element(f"{tag}Code", attributes)
    if info.description:
        ET.SubElement(element, f"{tag}Description").text = xml_text(info.description)
    for guid in (note_refs or {}).get(info.id, []):
        ET.SubElement(element, f"{tag}NoteRef", {"targetGUID": guid})
    for sub in info.children:
        element.append(_code_element(tag, sub, note_refs))
    return element


def write_qdc(path: Path, tree: Sequence, sets: Sequence[tuple[str, str, Sequence[str]]]) -> None:
    """A .qdc of the codebook; sets are (GUID, name, member code uids)."""
    tag = f"{{{NAMESPACE}}}"
    ET.register_namespace("", NAMESPACE)
    root = Element(f"{tag}CodeBook", {"origin": origin()})
    root.append(codes_element(tag, tree))
    if sets:
        container = ET.SubElement(root, f"{tag}Sets")
        for guid, name, members in sets:
            element = ET.SubElement(container, f"{tag}Set", {"guid": guid, "name": xml_text(name)})
            for uid in members:
                ET.SubElement(element, f"{tag}MemberCode", {"guid": guids.code_guid(uid)})
    path.write_bytes(serialise(root))


def origin() -> str:
    from .. import __version__

    return f"qualcode {__version__}"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """What XML 1.0 can hold: characters it cannot are replaced (the exact text travels in our notes)."""
    return _NOT_XML.sub("\ufffd", text)


def serialise(root: Element) -> bytes:
    """UTF-8 with its declaration; a carriage return inside text written as &#13; so a reader keeps it."""
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body.replace("\r", "&#13;")).encode("utf-8")
