"""The six-month follow-up of certified learners: scheduling, sending, reminders, answers."""

from __future__ import annotations

import calendar
import secrets
from datetime import date

from lakou.training.models import Certificate, FollowUp

FOLLOW_UP_MONTHS = 6


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 months = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_create(certificate: Certificate) -> FollowUp:
    """Schedule the follow-up of a new certificate (called inside the issuing transaction)."""
    return FollowUp.objects.create(
        certificate=certificate,
        due_on=months_after(certificate.issued_on, FOLLOW_UP_MONTHS),
        token=secrets.token_urlsafe(32),
    )
