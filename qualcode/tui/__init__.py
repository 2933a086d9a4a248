"""The Textual face of qualcode. Only this package imports Textual."""
