"""Statistical secrecy of indicator 2: no small group can be recovered from what is published."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lakou.core.period import Territory, parse_period
from lakou.core.secrecy import protect_lines
from lakou.training.indicators import Outcomes, TrainingOutcomes, with_secrecy

ALL = Territory(code="", label="toute la Martinique", kind="all")


def employed_only(key: str, count: int, **links: str) -> Outcomes:
    """A row whose people all answered in time and are all employed."""
    return Outcomes(key, key, count, count, count, count, 0, links=links)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    values = draw(st.lists(st.integers(0, 12), min_size=2, max_size=12))
    indexes = st.lists(st.integers(0, len(values) - 1), min_size=2, max_size=5, unique=True)
    return values, draw(st.lists(indexes, min_size=1, max_size=8))


@given(tables())
def test_no_line_ever_holds_exactly_one_secret(table: tuple[list[int], list[list[int]]]) -> None:
    values, lines = table
    secret = protect_lines(values, lines)
    assert all(secret[i] for i, value in enumerate(values) if 0 < value < 5)
    for line in lines:
        assert sum(secret[i] for i in line) != 1


def test_a_provider_row_does_not_give_away_its_small_programme() -> None:
    # Provider A: programmes A1 (12 people) and A2 (3); provider B: B1 (6). Protected alone, the
    # programme table would hide A2 and B1 (the smallest other of the column), leaving
    # A (15) - A1 (12) = 3 for anyone to compute. The provider's line hides A1 or A too.
    programmes = [
        employed_only("A1", 12, provider="A", domain="web"),
        employed_only("A2", 3, provider="A", domain="web"),
        employed_only("B1", 6, provider="B", domain="cybersecurity"),
    ]
    result = TrainingOutcomes(
        period=parse_period("2026"),
        territory=ALL,
        overall=employed_only("", 21),
        breakdowns={
            "programme": programmes,
            "provider": [employed_only("A", 15), employed_only("B", 6)],
            "domain": [employed_only("web", 15), employed_only("cybersecurity", 6)],
        },
    )
    public = with_secrecy(result)
    a1, a2, _b1 = public.breakdowns["programme"]
    provider_a = public.breakdowns["provider"][0]
    domain_web = public.breakdowns["domain"][0]
    assert a2.employed is None
    assert a1.employed is None or provider_a.employed is None
    assert a1.employed is None or domain_web.employed is None
    assert public.overall.employed == 21
