"""The versioned schema: forward migrations, applied in order by sqlite-utils' Migrations."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from .drafts import DRAFTS_SCHEMA
from .revision_schema import AUDIT_REDACTION, SENTENCE_LEMMAS, UNITS_FOR_REVIEW

if TYPE_CHECKING:
    import sqlite_utils

_VERSION_1 = """
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE participant_attributes (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (participant_id, name)
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('interview', 'focus group', 'field notes', 'other')),
    language TEXT NOT NULL,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    body_start INTEGER NOT NULL,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    time_start REAL,
    time_end REAL,
    CHECK (0 <= start AND start <= body_start AND body_start <= end)
);
CREATE INDEX turns_by_document ON turns(document_id, start);
CREATE INDEX turns_by_participant ON turns(participant_id);

-- Sentences: the search index's rows and the proposed meaning-unit boundaries.
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    line INTEGER NOT NULL,
    turn_id INTEGER REFERENCES turns(id) ON DELETE SET NULL
);
CREATE INDEX segments_by_document ON segments(document_id, start);
-- Contentless: the text lives once, in documents.text; rowid = segments.id.
CREATE VIRTUAL TABLE segments_fts USING fts5(
    surface, lemmas, content='', tokenize="unicode61 remove_diacritics 0"
);

CREATE TABLE themes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- The codebook: code group > subgroup > code. uid survives renames and moves.
CREATE TABLE codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES codes(id),
    name TEXT NOT NULL CHECK (name <> '' AND instr(name, '/') = 0),
    description TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX codes_sibling_names ON codes(coalesce(parent_id, 0), name COLLATE NOCASE);

CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CHECK (0 <= start AND start < end)
);
CREATE INDEX units_by_document ON units(document_id, start);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    code_id INTEGER NOT NULL REFERENCES codes(id),
    coder TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, code_id, coder)
);
CREATE INDEX codings_by_code ON codings(code_id);

CREATE TABLE condensates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code_id INTEGER NOT NULL UNIQUE REFERENCES codes(id),
    text TEXT NOT NULL DEFAULT '',
    golden_unit_id INTEGER REFERENCES units(id),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE condensate_units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    condensate_id INTEGER NOT NULL REFERENCES condensates(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    UNIQUE (condensate_id, unit_id)
);

CREATE TABLE syntheses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code_id INTEGER NOT NULL UNIQUE REFERENCES codes(id),
    heading TEXT NOT NULL DEFAULT '',
    introduction TEXT NOT NULL DEFAULT '',
    analytic_text TEXT NOT NULL DEFAULT '',
    checked_by TEXT,
    checked_at TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE synthesis_quotes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    synthesis_id INTEGER NOT NULL REFERENCES syntheses(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    position INTEGER NOT NULL,
    UNIQUE (synthesis_id, unit_id)
);

CREATE TABLE memos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'theme', 'code', 'unit')),
    target_id INTEGER,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- AUTOINCREMENT on audited tables: a row id is never reused, so the log stays unambiguous.
-- The audit log: one row per change (who, when, what), one row per touched row (before/after).
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    coder TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    undoable INTEGER NOT NULL DEFAULT 1,
    reverts INTEGER REFERENCES changes(id)
);
CREATE TABLE change_rows (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes(id),
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX change_rows_by_change ON change_rows(change_id);
CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER change_rows_append_only_update BEFORE UPDATE ON change_rows
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER change_rows_append_only_delete BEFORE DELETE ON change_rows
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# Version 2: step 1 of the method keeps reading progress and what prompted each theme.
_VERSION_2 = """
CREATE TABLE reading_status (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    coder TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unread', 'read', 're-read')),
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, coder)
);
CREATE TABLE theme_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    theme_id INTEGER NOT NULL REFERENCES themes(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER,
    end INTEGER
);
ALTER TABLE codes ADD COLUMN theme_id INTEGER REFERENCES themes(id);
"""

# Undo reads each coder's stacks from the newest end of the log: by coder, by what an undo or redo
# took back, the newest barrier (a change nobody can undo), and who touched a row since.
_UNDO_INDEXES = """
CREATE INDEX changes_by_coder ON changes(coder);
CREATE INDEX changes_by_reverts ON changes(reverts) WHERE reverts IS NOT NULL;
CREATE INDEX changes_barriers ON changes(id) WHERE undoable = 0;
CREATE INDEX change_rows_by_row ON change_rows(table_name, row_id);
"""


# Agreement between coders: each round's figures as computed, kept for the methods section; the codebook
# changes that followed a round are read from the audit log.
_AGREEMENT_ROUNDS = """
CREATE TABLE agreement_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    coders TEXT NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('character', 'sentence', 'turn')),
    scope TEXT NOT NULL,
    documents INTEGER NOT NULL,
    items INTEGER NOT NULL,
    percent_agreement REAL,
    kappa REAL,
    alpha REAL,
    figures TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
"""


# A code's name may hold a slash (samarbeid m/ helseforetaket, og/eller): the codes table is rebuilt without
# the CHECK that refused one. SQLite cannot drop a CHECK in place, and foreign_keys cannot be switched off
# inside the migration's transaction, so the rows that point at codes are held in temporary tables while the
# table is swapped, then put back with their ids; deferred keys let a parent come after its child, and the
# table's AUTOINCREMENT counter is kept, so a deleted code's id is never given out again.
_SLASH_IN_CODE_NAMES = """
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE keep_codings AS SELECT * FROM codings;
CREATE TEMP TABLE keep_condensates AS SELECT * FROM condensates;
CREATE TEMP TABLE keep_condensate_units AS SELECT * FROM condensate_units;
CREATE TEMP TABLE keep_syntheses AS SELECT * FROM syntheses;
CREATE TEMP TABLE keep_synthesis_quotes AS SELECT * FROM synthesis_quotes;
CREATE TEMP TABLE keep_codes_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'codes';
DELETE FROM synthesis_quotes;
DELETE FROM syntheses;
DELETE FROM condensate_units;
DELETE FROM condensates;
DELETE FROM codings;
CREATE TABLE codes_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES codes_rebuilt(id),
    name TEXT NOT NULL CHECK (name <> ''),
    description TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    theme_id INTEGER REFERENCES themes(id)
);
-- SELECT *, not a column list: a column some other step added would make this fail, never vanish
INSERT INTO codes_rebuilt SELECT * FROM codes;
DROP TABLE codes;
ALTER TABLE codes_rebuilt RENAME TO codes;
CREATE UNIQUE INDEX codes_sibling_names ON codes(coalesce(parent_id, 0), name COLLATE NOCASE);
INSERT INTO codings SELECT * FROM keep_codings;
INSERT INTO condensates SELECT * FROM keep_condensates;
INSERT INTO condensate_units SELECT * FROM keep_condensate_units;
INSERT INTO syntheses SELECT * FROM keep_syntheses;
INSERT INTO synthesis_quotes SELECT * FROM keep_synthesis_quotes;
DELETE FROM sqlite_sequence WHERE name = 'codes';
INSERT INTO sqlite_sequence (name, seq) SELECT 'codes', seq FROM keep_codes_sequence;
DROP TABLE keep_codings;
DROP TABLE keep_condensates;
DROP TABLE keep_condensate_units;
DROP TABLE keep_syntheses;
DROP TABLE keep_synthesis_quotes;
DROP TABLE keep_codes_sequence;
"""


# A memo may be on a passage of a document (step 1: a memo on what the reader just read): a document memo
# with the passage's offsets, so whatever keeps a document's memos (deleting it, merging) keeps these too.
_MEMO_PASSAGES = """
ALTER TABLE memos ADD COLUMN start INTEGER;
ALTER TABLE memos ADD COLUMN end INTEGER;
"""


MIGRATIONS: list[tuple[str, str]] = [
    ("base", _VERSION_1),
    ("reading status and theme sources", _VERSION_2),
    ("undo stacks per coder", _UNDO_INDEXES),
    ("agreement rounds", _AGREEMENT_ROUNDS),
    ("code names may hold a slash", _SLASH_IN_CODE_NAMES),
    # transcripts may change (qualcode/store/revision_schema.py says why each step is there)
    ("sentences keep their lemma keys", SENTENCE_LEMMAS),
    ("units may be collapsed for review", UNITS_FOR_REVIEW),
    ("the audit log may be redacted by pseudonymisation", AUDIT_REDACTION),
    ("drafts of text being typed", DRAFTS_SCHEMA),  # store/drafts.py says why they are outside the log
    ("memos on a passage", _MEMO_PASSAGES),
]
MIGRATION_SET = "qualcode"


def statements(sql: str) -> list[str]:
    """Split a script into whole statements, as SQLite's own parser sees them (triggers included)."""
    found, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement: {current.strip()[:60]!r}")
    return found


def migrations() -> sqlite_utils.Migrations:
    """The schema's history as sqlite-utils migrations, one per entry of MIGRATIONS, in order."""
    import sqlite_utils

    known = sqlite_utils.Migrations(MIGRATION_SET)
    for name, sql in MIGRATIONS:
        def run(db: sqlite_utils.Database, sql: str = sql) -> None:
            for statement in statements(sql):
                db.execute(statement)

        known(name=name)(run)
    return known
