"""Background work of the partnerships app. Thin: call a service."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.partnerships.services.agreements import agreements_daily


@periodic(every=timedelta(days=1))
@task()
def run_agreements_daily() -> dict[str, int]:
    """Once a day: agreements start on their first day (Martinique time), finished ones end and
    their tutor is asked for the final evaluation, mid-term evaluation links go out."""
    run = agreements_daily()
    return {
        "activated": run.activated,
        "ended": run.ended,
        "mid_evaluation_links": run.mid_evaluation_links,
    }
