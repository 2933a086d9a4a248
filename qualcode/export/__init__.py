"""Exports: the results chapter as Word (.docx) or Markdown, built from one chapter model."""
