"""Figures as the unit printed them and as the site computes them (generator/records/figures.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.records.figures import as_published, execution_rate, plain, round2

# Figures as forms print them: up to 12 integer digits and up to 6 places, positive or negative.
printed = st.decimals(min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), places=6,
                      allow_nan=False, allow_infinity=False)
# The same, with trailing zeros as the unit may have typed them ("20.370").
typed = st.builds(lambda d, zeros: Decimal(f"{d:f}" + ("0" * zeros if "." in f"{d:f}" else "")),
                  printed, st.integers(0, 3))


@given(printed)
def test_round2_is_within_half_a_cent(value):
    assert abs(round2(value) - value) <= Decimal("0.005")


@given(printed)
def test_round2_rounds_a_half_cent_away_from_zero(value):
    cents = value.quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    half = cents + (Decimal("0.005") if value >= 0 else Decimal("-0.005"))
    assert round2(half) == half.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert abs(round2(half)) > abs(half)


def test_round2_is_half_up_where_python_would_round_to_even():
    assert round2(Decimal("0.125")) == Decimal("0.13")
    assert round2(Decimal("2.675")) == Decimal("2.68")


def test_round2_keeps_a_figure_too_long_to_round_whole():
    thirty = Decimal("1" * 30 + ".5")
    assert round2(thirty) == thirty


@given(typed)
def test_a_published_figure_is_shown_with_exactly_its_own_digits(value):
    text = as_published(value)
    assert text == format(value, "f") and "E" not in text
    assert Decimal(text) == value and Decimal(text).as_tuple() == value.as_tuple()


def test_published_digits_survive_trailing_zeros_and_large_exponents():
    assert as_published(Decimal("20.370")) == "20.370"
    assert as_published(Decimal("1E+3")) == "1000"
    assert as_published(Decimal("132.912")) == "132.912"


@given(typed)
def test_plain_is_the_same_number_without_trailing_zeros(value):
    text = plain(value)
    assert Decimal(text) == value
    assert not ("." in text and text.endswith(("0", ".")))


def test_plain_of_nothing_is_blank():
    assert plain(None) == ""


@given(st.decimals(min_value=0, max_value=Decimal("99999999"), places=4),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=4))
def test_execution_rate_is_executed_over_budget_in_percent_to_two_places(executed, budget):
    rate = execution_rate(executed, budget)
    assert rate == round2(executed / budget * 100)
    assert rate.as_tuple().exponent == -2


def test_execution_rate_cannot_be_computed_without_a_budget():
    assert execution_rate(Decimal(5), None) is None
    assert execution_rate(Decimal(5), Decimal(0)) is None
    assert execution_rate(None, Decimal(5)) is None


def test_execution_rate_of_a_fully_spent_budget_is_one_hundred():
    assert execution_rate(Decimal("20.37"), Decimal("20.37")) == Decimal("100.00")
