"""The agreement coefficients for one code (an item is coded or not): percent agreement, Cohen's kappa,
Krippendorff's alpha (nominal, missing values allowed). An undefined one is "n/a" with the reason, never
0 or 1: with no variation there is nothing to agree on beyond chance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Figure:
    """A coefficient, or None with the reason it is undefined."""

    value: float | None
    reason: str = ""

    def text(self, *, percent: bool = False, places: int = 3) -> str:
        if self.value is None:
            return "n/a"
        return f"{self.value * 100:.1f} %" if percent else f"{self.value:.{places}f}"


@dataclass(frozen=True)
class Counts:
    """Two coders' 2x2 table for one code: how many items both, only the first, only the second, or
    neither coded with it."""

    both: int = 0
    first_only: int = 0
    second_only: int = 0
    neither: int = 0

    @property
    def items(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.both + other.both, self.first_only + other.first_only,
                      self.second_only + other.second_only, self.neither + other.neither)


NO_ITEMS = "no items to compare"


def percent_agreement(counts: Counts) -> Figure:
    if not counts.items:
        return Figure(None, NO_ITEMS)
    return Figure((counts.both + counts.neither) / counts.items)


def cohens_kappa(counts: Counts) -> Figure:
    """(po - pe) / (1 - pe), here as 2(ad - bc) / ((a+b)(b+d) + (a+c)(c+d)) in whole numbers."""
    a, b, c, d = counts.both, counts.first_only, counts.second_only, counts.neither
    if not counts.items:
        return Figure(None, NO_ITEMS)
    if b == c == 0 and (a == 0 or d == 0):
        return Figure(None, _no_variation(coded=a, uncoded=d, who="both coders"))
    return Figure(2 * (a * d - b * c) / ((a + b) * (b + d) + (a + c) * (c + d)))


def krippendorff_alpha(judged: Mapping[tuple[int, int], int]) -> Figure:
    """Nominal alpha for coded/not coded: 1 - (n - 1) D_o / D_e from the coincidence matrix.

    judged: {(m, j): how many items} where m coders judged the item and j of them coded it. An item
    judged by fewer than two coders is not pairable and counts for nothing (missing values)."""
    disagreeing = Fraction(0)  # o_01, one side of the coincidence matrix
    coded = uncoded = 0  # n_1 and n_0: the pairable values of each kind
    for (m, j), items in judged.items():
        if m < 2 or not items:
            continue
        disagreeing += Fraction(items * j * (m - j), m - 1)
        coded += items * j
        uncoded += items * (m - j)
    values = coded + uncoded
    if not values:
        return Figure(None, "no item was judged by two coders")
    if not coded or not uncoded:
        return Figure(None, _no_variation(coded=coded, uncoded=uncoded, who="every coder"))
    return Figure(float(1 - (values - 1) * disagreeing / (coded * uncoded)))


def _no_variation(*, coded: int, uncoded: int, who: str) -> str:
    if not coded:
        return "no variation: nobody coded any item with it"
    return f"no variation: {who} coded every item with it"


def mean(figures: Iterable[Figure]) -> tuple[Figure, int]:
    """The mean of the defined figures, and how many there were."""
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return Figure(None, "no code has a value"), 0
    return Figure(sum(values) / len(values)), len(values)
