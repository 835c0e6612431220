"""Demo data of the orientation advice."""

from __future__ import annotations

import random

from lakou.core.demo import Scale


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    return {}
