"""qualcode: a terminal workbench for systematic text condensation of interview transcripts."""

__version__ = "0.1.0"
