"""YAML read as a researcher wrote it: every value a string, no aliases, bounded depth and size.

PyYAML's safe loader still expands aliases (a 1 kB "billion laughs" file costs minutes and gigabytes),
recurses without limit, and types scalars by YAML 1.1 rules (a code named `No` becomes False, `12:30`
becomes 750). A codebook holds names and descriptions, so nothing here is typed or shared.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_CHARS = 5_000_000
MAX_DEPTH = 64  # a codebook is three levels deep; mappings and lists count too


class PlainYAMLError(ValueError):
    """The YAML is refused; the message is one line."""


class _PlainLoader(yaml.BaseLoader):  # BaseLoader: scalars stay strings
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise PlainYAMLError(f"line {event.start_mark.line + 1}: YAML aliases (*name) are not allowed here")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise PlainYAMLError(f"line {event.start_mark.line + 1}: YAML anchors (&name) are not allowed here")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise PlainYAMLError(f"line {event.start_mark.line + 1}: YAML tag {tag} is not allowed here")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise PlainYAMLError(f"line {event.start_mark.line + 1}: nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_plain(text: str) -> Any:
    """Parse YAML into dicts, lists and strings only; PlainYAMLError or yaml.YAMLError when refused."""
    if len(text) > MAX_YAML_CHARS:
        raise PlainYAMLError(f"larger than {MAX_YAML_CHARS:,} characters")
    loader = _PlainLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
