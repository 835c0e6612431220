"""The six dimensions of the EU Digital Maturity Assessment, with stable codes and French labels.

Audits store their scores under these codes (0 to 100), and so do the maturity questionnaire's
dimensions, so that audits and questionnaire results compare. The labels are the one name of
each dimension wherever a company or an auditor reads it (audit form, questionnaire, thank-you
page, results next to the peers): the plain words of the questionnaire rather than a translation
of the DMA's (digital business strategy, digital readiness, human-centric digitalisation, data
management, automation and AI, green digitalisation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaturityDimension(models.TextChoices):
    STRATEGY = "strategy", _("Stratégie numérique")
    READINESS = "readiness", _("Équipement et outils")
    HUMAN = "human", _("Personnes et compétences")
    DATA = "data", _("Données et sécurité")
    AUTOMATION = "automation", _("Automatisation et intelligence artificielle")
    GREEN = "green", _("Numérique responsable")


DIMENSION_CODES: tuple[str, ...] = tuple(MaturityDimension.values)
SCORE_MIN, SCORE_MAX = 0, 100
# Below this number of companies a comparison (median) would single companies out.
MIN_COMPANIES_FOR_MEDIAN = 5


def dimension_label(code: str, label: str) -> str:
    """The name to show for a questionnaire's dimension: a maturity one's is MaturityDimension's,
    whatever the version stored; another questionnaire's own dimension keeps its label."""
    if code in DIMENSION_CODES:
        return str(MaturityDimension(code).label)
    return label


def dimension_scores(stored: Mapping[str, Any] | None) -> dict[str, int]:
    """The 0–100 scores by our codes, from an audit's `scores` or a response's `scores`.

    A response stores `{"dimensions": {...}, "overall": ..., "band": ...}`; an audit the flat dict.
    """
    stored = stored or {}
    flat = stored.get("dimensions", stored)
    scores: dict[str, int] = {}
    for code, value in (flat or {}).items():
        if (
            code in DIMENSION_CODES
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            scores[code] = int(value)
    return scores
