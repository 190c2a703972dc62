"""Figures: amounts in 万元, rates and scores, as the unit printed them and as the site computes them.

Every stage parses, rounds and shows figures through this module, so "how is this number written" has one
answer. A published figure keeps its own digits wherever it is shown (132.912 stays 132.912, 20.370 stays
20.370); a figure the site computes (a rate, a score by the rules, an estimate) is rounded to two places,
half up, never through float. A sum of published figures is exact and needs no rounding.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    """Two places, half up, as the scoring rules and finance staff round."""
    try:
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds (a hostile 30-digit figure): keep it whole
        return value


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行率 in percent, two places half up; None when it cannot be computed (no budget, or a zero budget)."""
    if executed is None or budget is None or budget == 0:
        return None
    return round2(executed / budget * HUNDRED)


def as_published(value: Decimal) -> str:
    """A figure with exactly the digits it was printed with: 20.370 stays 20.370, never 2.037E+1."""
    return f"{value:f}"


def plain(value: Decimal | None) -> str:
    """A figure as people write it in a sentence: 96.37, 5, 63.66 — trailing zeros of the fraction dropped."""
    if value is None:
        return ""
    text = as_published(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
