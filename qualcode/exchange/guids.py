"""GUIDs: read in any case, with or without braces; written so our own import gets our ids back.

- A code's GUID carries its stable id: `c-4f1a2b3c4d` is written `51434f44-636f-4000-8000-004f1a2b3c4d` and
  read back as `c-4f1a2b3c4d`; a code that came from another program keeps that program's GUID as its id.
- Rows (documents, participants, units, codings, memos, themes ...) get `PPPPPPPP-PPPP-4PPP-8KKK-IIIIIIIIIIII`:
  P a namespace drawn from the project (so two projects' units never share a GUID), K the kind of row, I its
  id. Our import reads the id back from a GUID of the archive's own namespace; any other GUID is foreign and
  gets a new id.
- Users and variables are named GUIDs (uuid5 of their name): the same coder is the same user everywhere.
"""

from __future__ import annotations

import hashlib
import re
import uuid

QUALCODE = uuid.UUID("51434f44-5245-4649-8000-000000000000")  # "QCOD" "REFI": the uuid5 namespace
_CODE_PREFIX = "51434f44-636f-4000-8000-00"
_OUR_UID = re.compile(r"c-[0-9a-f]{10}")
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

KINDS = {"document": 1, "participant": 2, "unit": 3, "coding": 4, "memo": 5, "theme": 6, "condensate": 7,
         "synthesis": 8, "reading": 9, "project": 10, "document data": 11, "set": 12}
_KIND_NAMES = {number: name for name, number in KINDS.items()}


def normalise(guid: str | None) -> str:
    """The key a GUID is matched by: lower case, no braces, no spaces ('' for none)."""
    return (guid or "").strip().strip("{}").strip().lower()


def is_guid(text: str) -> bool:
    return bool(_GUID.fullmatch(text))


def named(kind: str, name: str) -> str:
    """A GUID that depends only on what it names (a user, a variable)."""
    return str(uuid.uuid5(QUALCODE, f"{kind}:{name}"))


def code_guid(uid: str) -> str:
    """The GUID a code is written with: its stable id inside ours, a GUID as it is, any other id named."""
    if _OUR_UID.fullmatch(uid):
        return _CODE_PREFIX + uid[2:]
    if is_guid(normalise(uid)):
        return normalise(uid)
    return named("code", uid)


def code_uid(guid: str) -> str:
    """The stable id a code gets from a GUID: ours back, another program's GUID kept (normalised)."""
    key = normalise(guid)
    if key.startswith(_CODE_PREFIX) and len(key) == len(_CODE_PREFIX) + 10:
        return "c-" + key[len(_CODE_PREFIX):]
    return key


def project_namespace(seed: str) -> str:
    """15 hex digits drawn from something that names the project (its first change: when, by whom)."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:15]


def row_guid(namespace: str, kind: str, row_id: int) -> str:
    n = namespace
    return f"{n[0:8]}-{n[8:12]}-4{n[12:15]}-8{KINDS[kind]:03x}-{row_id:012x}"


def row_of(namespace: str | None, guid: str) -> tuple[str, int] | None:
    """(kind, id) of a GUID we wrote under this namespace; None for anything else."""
    if not namespace:
        return None
    key = normalise(guid)
    if not is_guid(key) or key[:19] != row_guid(namespace, "document", 0)[:19] or key[19] != "8":
        return None
    kind = _KIND_NAMES.get(int(key[20:23], 16))
    return (kind, int(key[24:], 16)) if kind else None
