"""The fixed choices the faces offer (reading states, memo targets, agreement units, disagreement kinds).

Kept apart from the modules that act on them, so that a command's options load nothing but these words.
"""

READING_STATES = ("unread", "read", "re-read")
MEMO_TARGETS = ("project", "document", "passage", "theme", "code", "unit")  # a passage: of a document

AGREEMENT_UNITS = ("character", "sentence", "turn")
ONE_CODER, SOME_CODERS, DIFFERENT_CODE, DIFFERENT_EXTENT = (
    "one coder only", "some coders only", "different code", "different extent")
DISAGREEMENT_KINDS = (ONE_CODER, SOME_CODERS, DIFFERENT_CODE, DIFFERENT_EXTENT)
