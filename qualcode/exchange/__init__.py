"""Moving between tools: REFI-QDA codebooks (.qdc) and projects (.qdpx), in and out.

`project.exchange` writes them and reads codebooks; `create_from_qdpx` makes a new project from an archive.
Nothing heavy loads until one of them is called.
"""

from __future__ import annotations

from .face import Exchange, create_from_qdpx

__all__ = ["Exchange", "create_from_qdpx"]
