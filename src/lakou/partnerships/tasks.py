"""Periodic work of the partnerships app. Thin: call a service."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from django.tasks import task

from lakou.core.periodic import periodic
from lakou.partnerships.services.applications import applications_flag_unanswered


# Daily would do (the rule counts days); more often is harmless: an application is claimed once.
@periodic(every=timedelta(hours=6))
@task()
def flag_unanswered_applications() -> dict[str, int]:
    """Applications unanswered for 30 days: flagged to their company and to the federation."""
    return asdict(applications_flag_unanswered())
