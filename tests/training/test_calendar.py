"""iCalendar feeds: one event per session that is not cancelled, with a stable UID."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from lakou.training.models import Session
from tests.training.factories import make_programme, make_session, provider_actor

pytestmark = pytest.mark.django_db


def events(client: Client, url: str) -> list[dict[str, object]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return [
        {
            "uid": str(event["UID"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
        }
        for event in calendar.walk("VEVENT")
    ]


def test_the_programme_feed_has_one_event_per_session(client: Client) -> None:
    programme = make_programme(title="Développeur web")
    first = make_session(programme, starts_in_days=10, length_days=4)
    make_session(programme, starts_in_days=40)
    cancelled = make_session(programme, starts_in_days=60)
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    found = events(client, reverse("training:programme_ics", args=[programme.pk]))
    assert len(found) == 2
    event = next(e for e in found if e["uid"] == f"lakou-training-session-{first.pk}@lakou")
    assert event["start"] == first.starts_on
    assert event["end"] == first.ends_on + timedelta(days=1)
    assert "Développeur web" in str(event["summary"])


def test_the_uid_does_not_change_when_the_session_moves(client: Client) -> None:
    programme = make_programme()
    session = make_session(programme)
    url = reverse("training:programme_ics", args=[programme.pk])
    before = events(client, url)[0]["uid"]
    Session.objects.filter(pk=session.pk).update(starts_on=session.starts_on + timedelta(days=1))
    assert events(client, url)[0]["uid"] == before


def test_the_provider_feed_has_its_published_programmes_sessions(client: Client) -> None:
    actor = provider_actor()
    make_session(make_programme(actor=actor, title="Une"))
    make_session(make_programme(actor=actor, title="Deux"))
    make_session(make_programme(actor=actor, title="Brouillon", is_published=False))
    make_session(make_programme(title="Autre organisme"))
    assert actor.organisation is not None
    found = events(client, reverse("training:provider_ics", args=[actor.organisation.pk]))
    assert sorted(str(e["summary"]).split(" — ")[0] for e in found) == ["Deux", "Une"]


def test_a_draft_has_no_public_feed(client: Client) -> None:
    draft = make_programme(is_published=False)
    assert client.get(reverse("training:programme_ics", args=[draft.pk])).status_code == 404
