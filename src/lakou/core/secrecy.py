"""Statistical secrecy for tables of counts. Pure, no Django import.

The table is seen with its margins: `rows × columns` cells, a total per row, a total per column
and a grand total. Every line of that extended table (a row with its total, a column with its
total, the row of column totals with the grand total, the column of row totals with the grand
total) is an addition, so a line holding exactly one secret entry gives it away by subtraction.

Primary secrecy: an entry counting 1 to `threshold - 1` is secret. A zero is shown: it reveals
nobody, and hiding zeros would make the tables unreadable (Insee's practice too).

Complementary secrecy: while a line holds exactly one secret entry, the smallest other entry of
that line is hidden too, preferring a positive cell, then the line's total, then a zero cell
(a hidden zero protects little, since an attacker may guess it). The secret set only grows and
is finite, so the loop ends; at the end no line has exactly one secret entry.

This is the usual necessary condition, not an optimal (minimum loss) suppression: tables here are
small (34 communes, 3 EPCI, 21 NAF sections) and readability matters more than a few cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5

Cell = tuple[int, int]


@dataclass(frozen=True)
class ProtectedTable:
    """The extended table (cells, then a total column, then a total row) and which entries are secret."""

    values: tuple[tuple[int, ...], ...]
    secret: tuple[tuple[bool, ...], ...]

    @property
    def row_count(self) -> int:
        return len(self.values) - 1

    @property
    def column_count(self) -> int:
        return len(self.values[0]) - 1

    def shown(self, row: int, column: int) -> int | None:
        """The value of an entry, None when secret; `-1` indexes the totals."""
        return None if self.secret[row][column] else self.values[row][column]

    def cells(self) -> list[list[int | None]]:
        return [[self.shown(r, c) for c in range(self.column_count)] for r in range(self.row_count)]

    def row_totals(self) -> list[int | None]:
        return [self.shown(r, -1) for r in range(self.row_count)]

    def column_totals(self) -> list[int | None]:
        return [self.shown(-1, c) for c in range(self.column_count)]

    def grand_total(self) -> int | None:
        return self.shown(-1, -1)

    def is_secret(self, row: int, column: int) -> bool:
        return self.secret[row][column]


def _extended(
    cells: Sequence[Sequence[int]],
    row_totals: Sequence[int] | None,
    column_totals: Sequence[int] | None,
    grand_total: int | None,
) -> list[list[int]]:
    width = len(cells[0]) if cells else 0
    if any(len(row) != width for row in cells):
        raise ValueError("every row must have the same number of columns")
    if any(value < 0 for row in cells for value in row):
        raise ValueError("counts cannot be negative")
    rows = [list(row) for row in cells]
    row_totals = list(row_totals) if row_totals is not None else [sum(row) for row in rows]
    column_totals = (
        list(column_totals)
        if column_totals is not None
        else [sum(row[c] for row in rows) for c in range(width)]
    )
    if grand_total is None:
        grand_total = sum(row_totals)
    extended = [[*row, total] for row, total in zip(rows, row_totals, strict=True)]
    extended.append([*column_totals, grand_total])
    return extended


def _lines(height: int, width: int) -> list[list[Cell]]:
    """Every additive line of the extended table, its total (margin) last."""
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    columns = [[(r, c) for r in range(height)] for c in range(width)]
    return rows + columns


def protect(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: Sequence[int] | None = None,
    column_totals: Sequence[int] | None = None,
    grand_total: int | None = None,
    threshold: int = THRESHOLD,
) -> ProtectedTable:
    """Mark the secret entries of `cells` and of its margins (computed as sums when not given).

    Give the margins when they are not sums (e.g. distinct companies, one company counting in
    several columns); the rule stays the same, and is then on the safe side.
    """
    values = _extended(cells, row_totals, column_totals, grand_total)
    height, width = len(values), len(values[0])
    secret = [[0 < value < threshold for value in row] for row in values]
    lines = _lines(height, width)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if secret[cell[0]][cell[1]]]
            if len(hidden) != 1:
                continue
            margin = line[-1]

            def cost(cell: Cell, margin: Cell = margin) -> tuple[int, int]:
                value = values[cell[0]][cell[1]]
                if value > 0 and cell != margin:
                    return (0, value)
                if cell == margin:
                    return (1, value)
                return (2, 0)

            candidates = [cell for cell in line if not secret[cell[0]][cell[1]]]
            if not candidates:  # a lone total (empty table) is not an addition
                continue
            chosen = min(candidates, key=cost)
            secret[chosen[0]][chosen[1]] = True
            changed = True
    return ProtectedTable(
        values=tuple(tuple(row) for row in values),
        secret=tuple(tuple(row) for row in secret),
    )


def protect_column(
    counts: Sequence[int], *, total: int | None = None, threshold: int = THRESHOLD
) -> ProtectedTable:
    """A one-column table (e.g. companies per commune) with its total."""
    return protect(
        [[count] for count in counts],
        row_totals=list(counts),
        column_totals=None if total is None else [total],
        grand_total=total,
        threshold=threshold,
    )


# Linked tables, given as additive lines. `protect` above covers one table with its margins;
# indicator 2 publishes four
# tables of the same people (per programme, provider, domain, EPCI) in which a provider's row is
# also the total of its programmes' rows: that is one more addition a reader can subtract along.
# Here every addition is a line of indexes into a flat list of counts, its total last, and the same
# rule applies: while a line holds exactly one secret entry, the smallest other entry is hidden
# (a positive cell first, then the line's total, then a zero).
def protect_lines(
    values: Sequence[int], lines: Sequence[Sequence[int]], *, threshold: int = THRESHOLD
) -> list[bool]:
    """Which entries of `values` are secret, so that no line has exactly one secret entry."""
    if any(value < 0 for value in values):
        raise ValueError("counts cannot be negative")
    secret = [0 < value < threshold for value in values]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [index for index in line if secret[index]]
            if len(hidden) != 1:
                continue
            candidates = [index for index in line if not secret[index]]
            if not candidates:
                continue
            total = line[-1]

            def cost(index: int, total: int = total) -> tuple[int, int, int]:
                value = values[index]
                if value > 0 and index != total:
                    return (0, value, index)
                if index == total:
                    return (1, value, index)
                return (2, 0, index)

            secret[min(candidates, key=cost)] = True
            changed = True
    return secret
