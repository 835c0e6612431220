"""The public calendar of partnership actions and its iCalendar feed, with the same filters."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from lakou.partnerships.models import Action
from tests.partnerships.factories_actions import make_action
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

MQ = ZoneInfo("America/Martinique")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=MQ)


@pytest.fixture
def actions() -> dict[str, Action]:
    fort_de_france = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    found = {
        "contest": make_action(
            kind="contest",
            title="Concours FdF",
            starts_at=at(2030, 5, 10, 9),
            ends_at=at(2030, 5, 10, 17),
            commune=fort_de_france,
        ),
        "job_dating": make_action(
            kind="job_dating",
            title="Job dating Marigot",
            starts_at=at(2030, 6, 2, 14),
            ends_at=at(2030, 6, 2, 18),
            commune=marigot,
        ),
        "online": make_action(
            kind="expert_intervention",
            title="Conférence en ligne",
            starts_at=at(2030, 5, 31, 23),
            ends_at=at(2030, 6, 1, 1),
            is_online=True,
        ),
        "private": make_action(
            title="Réunion des partenaires",
            is_public=False,
            starts_at=at(2030, 5, 12, 9),
            ends_at=at(2030, 5, 12, 10),
            commune=fort_de_france,
        ),
        "cancelled": make_action(
            title="Annulée",
            starts_at=at(2030, 5, 20, 9),
            ends_at=at(2030, 5, 20, 10),
            commune=fort_de_france,
        ),
    }
    Action.objects.filter(pk=found["cancelled"].pk).update(status=Action.Status.CANCELLED)
    return found


def titles(query: dict[str, str]) -> set[str]:
    page = Client().get(reverse("partnerships:calendar"), query).content.decode()
    return {
        t
        for t in (
            "Concours FdF",
            "Job dating Marigot",
            "Conférence en ligne",
            "Réunion des partenaires",
            "Annulée",
        )
        if t in page
    }


def feed(query: dict[str, str]) -> list[dict[str, object]]:
    response = Client().get(reverse("partnerships:calendar_ics"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "location": str(event.get("LOCATION", "")),
            "url": str(event["URL"]),
        }
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    ]


@pytest.mark.usefixtures("actions")
class TestCalendarFilters:
    def test_only_public_actions_that_are_not_cancelled(self) -> None:
        assert titles({"date_from": "2030-01-01"}) == {
            "Concours FdF",
            "Job dating Marigot",
            "Conférence en ligne",
        }

    def test_by_kind(self) -> None:
        assert titles({"date_from": "2030-01-01", "kind": "contest"}) == {"Concours FdF"}

    def test_by_epci_or_commune_online_ones_stay(self) -> None:
        assert titles({"date_from": "2030-01-01", "territory": "249720061"}) == {
            "Concours FdF",
            "Conférence en ligne",
        }
        assert titles({"date_from": "2030-01-01", "territory": "97216"}) == {
            "Job dating Marigot",
            "Conférence en ligne",
        }

    def test_by_dates_in_martinique_time(self) -> None:
        # The online talk runs 31 May 23:00 – 1 June 01:00: it is on both days.
        assert titles({"date_from": "2030-05-31", "date_to": "2030-05-31"}) == {
            "Conférence en ligne"
        }
        assert titles({"date_from": "2030-06-01", "date_to": "2030-06-30"}) == {
            "Conférence en ligne",
            "Job dating Marigot",
        }
        assert titles({"date_from": "2030-05-01", "date_to": "2030-05-30"}) == {"Concours FdF"}

    def test_by_default_the_page_starts_today(self) -> None:
        assert titles({}) == {"Concours FdF", "Job dating Marigot", "Conférence en ligne"}
        past = make_action(title="Passée", starts_at=at(2020, 1, 5, 9), ends_at=at(2020, 1, 5, 10))
        page = Client().get(reverse("partnerships:calendar")).content.decode()
        assert past.title not in page

    def test_reversed_dates_are_an_error_next_to_the_field(self) -> None:
        response = Client().get(
            reverse("partnerships:calendar"), {"date_from": "2030-06-01", "date_to": "2030-05-01"}
        )
        assert response.status_code == 400
        assert "La date de fin doit venir après" in response.content.decode()

    def test_the_page_links_to_the_feed_with_the_same_filters(self) -> None:
        page = (
            Client()
            .get(reverse("partnerships:calendar"), {"kind": "contest", "territory": "97209"})
            .content.decode()
        )
        assert "/partenariats/agenda.ics?kind=contest&amp;territory=97209" in page


@pytest.mark.usefixtures("actions")
class TestFeed:
    def test_the_feed_has_the_public_actions_with_times_and_place(
        self, actions: dict[str, Action]
    ) -> None:
        events = feed({})
        assert {e["summary"] for e in events} == {
            "Concours FdF (Concours)",
            "Job dating Marigot (Job dating)",
            "Conférence en ligne (Intervention d'un expert en formation)",
        }
        contest = next(
            e
            for e in events
            if e["uid"] == f"lakou-partnership-action-{actions['contest'].pk}@lakou"
        )
        assert contest["start"] == at(2030, 5, 10, 9)
        assert contest["end"] == at(2030, 5, 10, 17)
        assert "Fort-de-France" in str(contest["location"])
        assert str(contest["url"]).endswith(actions["contest"].get_absolute_url())
        online = next(e for e in events if "en ligne" in str(e["summary"]))
        assert online["location"] == "En ligne"

    def test_the_feed_takes_the_same_filters(self) -> None:
        assert [e["summary"] for e in feed({"kind": "job_dating"})] == [
            "Job dating Marigot (Job dating)"
        ]
        summaries = {e["summary"] for e in feed({"territory": "97216", "date_to": "2030-05-31"})}
        assert summaries == {"Conférence en ligne (Intervention d'un expert en formation)"}

    def test_the_uid_stays_when_the_action_moves(self, actions: dict[str, Action]) -> None:
        before = {e["uid"] for e in feed({"kind": "contest"})}
        Action.objects.filter(pk=actions["contest"].pk).update(
            starts_at=at(2030, 7, 1, 9), ends_at=at(2030, 7, 1, 12)
        )
        assert {e["uid"] for e in feed({"kind": "contest"})} == before

    def test_bad_filters_are_a_400(self) -> None:
        response = Client().get(reverse("partnerships:calendar_ics"), {"date_from": "demain"})
        assert response.status_code == 400


def test_the_feed_is_bounded_in_queries(django_assert_max_num_queries: object) -> None:
    for index in range(5):
        make_action(
            title=f"Action {index}",
            starts_at=at(2030, 1, 1 + index, 9),
            ends_at=at(2030, 1, 1 + index, 10),
        )
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert len(feed({})) == 5


def test_held_actions_stay_in_the_calendar_with_their_date() -> None:
    start = datetime.now(MQ) - timedelta(days=2)
    action = make_action(title="Réalisée", starts_at=start, ends_at=start + timedelta(hours=1))
    Action.objects.filter(pk=action.pk).update(status=Action.Status.HELD)
    assert [e["summary"] for e in feed({})] == ["Réalisée (Job dating)"]
