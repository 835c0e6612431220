from __future__ import annotations

import pytest
from django.conf import settings

from lakou.territory.loaders import load_reference_territory


@pytest.fixture
def reference_territory(db: None) -> dict[str, int]:
    """The real reference data of data/: 3 EPCI, 34 communes, the region's age structure."""
    return load_reference_territory(settings.DATA_DIR)
