"""Background work of the matching app. Thin: call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.matching.services.learning import weights_refit


# Daily: a day's answers barely move bounded weights; the newest row is in force at once.
@periodic(every=timedelta(days=1))
@task()
def refit_engine_weights() -> int:
    """Refit the engine's weights from the people's answers to its proposals (the number of
    outcomes used; 0 when too few to learn from)."""
    row = weights_refit()
    return 0 if row is None else row.outcomes
