"""Statistical secrecy: small counts are hidden and the totals never give them away."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lakou.core.secrecy import THRESHOLD, ProtectedTable, protect, protect_column

tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


def lines_of(table: ProtectedTable) -> list[list[tuple[int, int]]]:
    height, width = len(table.values), len(table.values[0])
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    columns = [[(r, c) for r in range(height)] for c in range(width)]
    return rows + columns


def test_it_hides_a_small_count_and_its_complement_in_the_row() -> None:
    table = protect([[3, 10, 20]])
    assert table.cells() == [[None, None, 20]]
    assert table.row_totals() == [33]
    assert table.grand_total() == 33


def test_it_shows_zero() -> None:
    table = protect([[0, 10], [7, 6]])
    assert table.cells() == [[0, 10], [7, 6]]


def test_it_hides_a_total_under_five() -> None:
    table = protect_column([2, 1, 40, 30])
    assert table.cells() == [[None], [None], [40], [30]]
    assert table.grand_total() == 73


def test_a_single_small_count_in_a_column_hides_the_next_smallest() -> None:
    table = protect_column([2, 40, 30, 0])
    assert table.cells() == [[None], [40], [None], [0]]


def test_an_empty_table_is_fine() -> None:
    assert protect([]).grand_total() == 0


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_line_has_exactly_one_secret_entry(cells: list[list[int]]) -> None:
    table = protect(cells)
    for line in lines_of(table):
        assert sum(table.is_secret(r, c) for r, c in line) != 1


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_small_count_is_secret_and_shown_values_are_unchanged(
    cells: list[list[int]],
) -> None:
    table = protect(cells)
    for r, row in enumerate(table.values):
        for c, value in enumerate(row):
            if 0 < value < THRESHOLD:
                assert table.shown(r, c) is None
            shown = table.shown(r, c)
            assert shown is None or shown == value
    assert [list(row[:-1]) for row in table.values[:-1]] == cells
