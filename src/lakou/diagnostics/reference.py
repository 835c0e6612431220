"""The questionnaires shipped with Lakou: after the skills, whose competences and ROME codes they name."""

from __future__ import annotations

from pathlib import Path

from lakou.core.reference import register
from lakou.diagnostics.services.builtin import load_builtin_questionnaires


def _load(data_dir: Path) -> dict[str, int]:
    return load_builtin_questionnaires()


register("diagnostics", _load, order=30)
