"""Small helpers for the words the faces show."""


def plural(count: int, noun: str) -> str:
    """1 unit, 2 units."""
    return f"{count} {noun}" + ("" if count == 1 else "s")
