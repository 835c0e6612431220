"""`{% programme_outcomes programme %}`: what became of a programme's certified learners."""

from __future__ import annotations

from typing import Any

from django import template

from lakou.core.secrecy import THRESHOLD
from lakou.training import indicators
from lakou.training.models import Programme

register = template.Library()


@register.inclusion_tag("training/indicators/_programme_outcomes.html")
def programme_outcomes(programme: Programme) -> dict[str, Any]:
    """One query for a certifying programme, none for the others."""
    if not programme.is_certifying:
        return {"outcomes": None}
    outcomes = indicators.programme_outcomes(programme.pk)
    return {
        "outcomes": indicators.programme_outcomes_public(outcomes),
        "threshold": THRESHOLD,
    }
