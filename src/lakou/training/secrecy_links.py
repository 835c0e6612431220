"""Statistical secrecy over linked tables, given as additive lines. Pure, no Django import.

`lakou.core.secrecy.protect` protects one table with its margins. Indicator 2 publishes four
tables of the same people (per programme, provider, domain, EPCI) in which a provider's row is
also the total of its programmes' rows: that is one more addition a reader can subtract along.
Here every addition is a line of indexes into a flat list of counts, its total last, and the same
rule applies: while a line holds exactly one secret entry, the smallest other entry is hidden
(a positive cell first, then the line's total, then a zero).
"""

from __future__ import annotations

from collections.abc import Sequence

from lakou.core.secrecy import THRESHOLD


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
