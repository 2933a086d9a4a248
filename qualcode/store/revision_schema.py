"""The schema steps that let a stored transcript change: appended to MIGRATIONS in schema.py.

- Sentences keep their lemma keys (segments.lemmas), so a sentence's entry in the contentless search index
  can be taken out again exactly as it went in (FTS5's 'delete' needs the very values that were indexed).
  Rows from before this step hold NULL and are filled from the index itself (fts5vocab) when first needed.
- A meaning unit whose words were all deleted stays, collapsed to where its text was (start = end), with a
  `review` note saying why: the units table is rebuilt without the CHECK that refused an empty span.
- The audit log may be redacted by pseudonymisation, and by nothing else: its update triggers let a row
  image become the redaction marker, and a change's summary be rewritten, only while the flag row below
  is in settings. The pseudonymisation writes that row and removes it inside its own transaction, so it is
  never committed; deletes stay refused as before.
"""

from __future__ import annotations

REDACTION_FLAG = "redacting the audit log"  # a settings key, present only inside a pseudonymisation's transaction
REDACTED = '{"redacted": true}'  # what a purged row image reads afterwards

SENTENCE_LEMMAS = """
ALTER TABLE segments ADD COLUMN lemmas TEXT;
"""

# As for the codes table's slash step: rows pointing at units are held in temporary tables while the table
# is swapped (foreign keys cannot be switched off inside the migration's transaction), then put back with
# their ids; the AUTOINCREMENT counter is kept, so a deleted unit's id is never given out again.
UNITS_FOR_REVIEW = """
PRAGMA defer_foreign_keys = ON;
ALTER TABLE units ADD COLUMN review TEXT;
CREATE TEMP TABLE revision_keep_codings AS SELECT * FROM codings;
CREATE TEMP TABLE revision_keep_condensate_units AS SELECT * FROM condensate_units;
CREATE TEMP TABLE revision_keep_synthesis_quotes AS SELECT * FROM synthesis_quotes;
CREATE TEMP TABLE revision_keep_golden AS SELECT id, golden_unit_id FROM condensates WHERE golden_unit_id IS NOT NULL;
CREATE TEMP TABLE revision_keep_units_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'units';
DELETE FROM codings;
DELETE FROM condensate_units;
DELETE FROM synthesis_quotes;
UPDATE condensates SET golden_unit_id = NULL WHERE golden_unit_id IS NOT NULL;
CREATE TABLE units_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    review TEXT,
    CHECK (0 <= start AND start <= end)
);
-- SELECT *, not a column list: a column some other step added would make this fail, never vanish
INSERT INTO units_rebuilt SELECT * FROM units;
DROP TABLE units;
ALTER TABLE units_rebuilt RENAME TO units;
CREATE INDEX units_by_document ON units(document_id, start);
CREATE INDEX units_for_review ON units(id) WHERE review IS NOT NULL;
INSERT INTO codings SELECT * FROM revision_keep_codings;
INSERT INTO condensate_units SELECT * FROM revision_keep_condensate_units;
INSERT INTO synthesis_quotes SELECT * FROM revision_keep_synthesis_quotes;
UPDATE condensates
    SET golden_unit_id = (SELECT k.golden_unit_id FROM revision_keep_golden k WHERE k.id = condensates.id)
    WHERE id IN (SELECT id FROM revision_keep_golden);
DELETE FROM sqlite_sequence WHERE name = 'units';
INSERT INTO sqlite_sequence (name, seq) SELECT 'units', seq FROM revision_keep_units_sequence;
DROP TABLE revision_keep_codings;
DROP TABLE revision_keep_condensate_units;
DROP TABLE revision_keep_synthesis_quotes;
DROP TABLE revision_keep_golden;
DROP TABLE revision_keep_units_sequence;
"""

AUDIT_REDACTION = f"""
DROP TRIGGER changes_append_only_update;
CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes
    WHEN NOT (EXISTS (SELECT 1 FROM settings WHERE key = '{REDACTION_FLAG}')
              AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.coder IS OLD.coder AND NEW.action IS OLD.action
              AND NEW.undoable IS OLD.undoable AND NEW.reverts IS OLD.reverts)
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
DROP TRIGGER change_rows_append_only_update;
CREATE TRIGGER change_rows_append_only_update BEFORE UPDATE ON change_rows
    WHEN NOT (EXISTS (SELECT 1 FROM settings WHERE key = '{REDACTION_FLAG}')
              AND NEW.id IS OLD.id AND NEW.change_id IS OLD.change_id AND NEW.table_name IS OLD.table_name
              AND NEW.row_id IS OLD.row_id
              AND (NEW.before IS OLD.before OR NEW.before = '{REDACTED}')
              AND (NEW.after IS OLD.after OR NEW.after = '{REDACTED}'))
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
