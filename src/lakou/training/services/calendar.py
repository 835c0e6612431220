"""iCalendar feeds of sessions: one VEVENT per session, with a UID that never changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.http import HttpRequest
from icalendar import Calendar, Event

from lakou.training.models import Session

PRODID = "-//Lakou//Formations numériques en Martinique//FR"


def session_uid(session: Session) -> str:
    """Stable across edits and hosts, so that a calendar updates the event instead of adding one."""
    return f"lakou-training-session-{session.pk}@lakou"


def session_event(session: Session, *, url: str) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("summary", f"{session.programme.title} — {session.programme.provider.name}")
    # All-day events: DTEND is exclusive, so a session ending on Friday ends on Saturday 00:00.
    event.add("dtstart", session.starts_on)
    event.add("dtend", session.ends_on + timedelta(days=1))
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("location", session.place)
    description = [session.schedule, f"{session.seats} places", url]
    event.add("description", "\n".join(line for line in description if line))
    event.add("url", url)
    event.add("status", "CONFIRMED")
    return event


def sessions_calendar(sessions: Iterable[Session], *, name: str, request: HttpRequest) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "America/Martinique")
    for session in sessions:
        url = request.build_absolute_uri(session.get_absolute_url())
        calendar.add_component(session_event(session, url=url))
    return calendar.to_ical()
