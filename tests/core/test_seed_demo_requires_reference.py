from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from lakou.core.demo import SCALES, seed_all


def test_demo_data_is_refused_before_the_reference_data(db: None) -> None:
    with pytest.raises(CommandError, match="load-reference"):
        seed_all(scale=SCALES["demo"], seed=1)
