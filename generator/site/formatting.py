"""How numbers are shown: a published figure with exactly its own digits; a figure the site computes (a rate,
an average) to two places, half up, never float. A sum of published figures is exact, so it needs no rounding."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from generator.records.figures import as_published, round2


def money(value: Decimal | None) -> Markup:
    """An amount in 万元 exactly as published (132.912 stays 132.912, 32 stays 32), or the exact sum of such
    amounts. A blank cell of the form stays blank rather than becoming 0."""
    return Markup("" if value is None else as_published(value))


def average(value: Decimal | None) -> Markup:
    """A figure the site computes by division (an average score), to two places."""
    return Markup("" if value is None else f"{round2(value):f}")


def number(value: Decimal | None) -> Markup:
    """A stated figure exactly as published (scores, counts): 96.37, 100, 8."""
    return Markup("" if value is None else as_published(value))


def percent(value: Decimal | None) -> Markup:
    return Markup("" if value is None else f"{round2(value)}%")


def chinese_date(value) -> str:
    """A date as Chinese documents print it: 2022年12月7日."""
    return f"{value.year}年{value.month}月{value.day}日"
