from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from lakou.skills.loaders import load_reference_skills


@pytest.fixture
def data_dir() -> Path:
    return Path(settings.DATA_DIR)


@pytest.fixture
def reference(db: None, data_dir: Path) -> dict[str, int]:
    """The real reference files of `data/`, loaded into the test database."""
    return load_reference_skills(data_dir)
