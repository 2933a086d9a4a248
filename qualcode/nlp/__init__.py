"""Language: spaCy pipelines with simplemma lemmas, the search index keys, and search itself."""
