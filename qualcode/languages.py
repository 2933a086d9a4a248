"""The languages a project can be in (kept apart from the pipeline so that naming one loads no spaCy)."""

LANGUAGES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English", "da": "Dansk", "sv": "Svenska",
             "de": "Deutsch"}
