"""Background work of the partnerships app. Thin: call a service."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.partnerships.services.agreements import agreements_daily
from lakou.partnerships.services.applications import applications_flag_unanswered


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


# Daily would do (the rule counts days); more often is harmless: an application is claimed once.
@periodic(every=timedelta(hours=6))
@task()
def flag_unanswered_applications() -> dict[str, int]:
    """Applications unanswered for 30 days: flagged to their company and to the federation."""
    return asdict(applications_flag_unanswered())
