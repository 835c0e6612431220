"""Acts pages: logging with the presets, French errors at the field, the saved page, « Mes
actes » one month at a time with its problems and totals, the coordinators' review and late
approval."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.mediation.forms.acts import month_choices
from lakou.mediation.models import Act, Mediator
from tests.mediation.factories_acts import active_mediator, an_hour_ago, make_act, train
from tests.mediation.factories_mediators import lamentin
from tests.mediation.factories_venues import make_venue
from tests.world import World

pytestmark = pytest.mark.django_db

CREATE = reverse("mediation:act_create")


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.fixture
def mediator(world: World) -> Mediator:
    return active_mediator(world.users["association"], served=(lamentin(),))


@pytest.fixture
def client(world: World, mediator: Mediator) -> Client:
    return world.client("association")


def posted(form: Any, **changes: Any) -> dict[str, Any]:
    """What the browser sends when the person changes nothing but `changes`."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    data["date"] = data["date"].isoformat()
    data["start_time"] = data["start_time"].strftime("%H:%M")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_comes_preset_for_the_fastest_act(client: Client, mediator: Mediator) -> None:
    venue = make_venue(commune=lamentin(), name="Médiathèque du Lamentin")
    response = client.get(CREATE)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["venue"] == venue
    assert form.initial["commune"] == venue.commune
    assert form["duration"].initial == 30
    assert form["kind"].initial == "individual"
    assert "procedure_themes" not in form.fields  # not trained
    assert "se note une fois formé(e)" in response.content.decode()


def test_ticking_one_theme_is_enough_then_another_act_is_offered(
    client: Client, mediator: Mediator
) -> None:
    make_venue(commune=lamentin())
    form = client.get(CREATE).context["form"]
    response = client.post(CREATE, posted(form, themes=["Sante"]), follow=True)
    act = Act.objects.get(mediator=mediator)
    assert act.themes == ["Sante"]
    assert act.duration_minutes == 30
    assert act.ends_at <= timezone.now()
    page = response.content.decode()
    assert "Acte enregistré" in page
    assert "Saisir un autre acte" in page
    assert response.redirect_chain[-1][0] == reverse("mediation:act_saved", kwargs={"pk": act.pk})


def test_a_free_duration_replaces_the_ticked_one(client: Client, mediator: Mediator) -> None:
    make_venue(commune=lamentin())
    form = client.get(CREATE).context["form"]
    client.post(CREATE, posted(form, themes=["Email"], duration_other="20"))
    assert Act.objects.get(mediator=mediator).duration_minutes == 20


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"themes": []}, "themes", "Cochez au moins un thème."),
        ({"duration_other": "500"}, "duration_other", "480 minutes (8 heures) au plus."),
        ({"place_type": "home", "commune": ""}, "commune", "Choisissez la commune"),
        ({"outcome": "redirected"}, "redirected_programme", "Indiquez vers quoi"),
        ({"kind": "collective"}, "participants", "Indiquez le nombre de participants."),
        ({"date": "2999-01-01"}, "date", "La date est à venir"),
        ({"start_time": "25:00"}, "start_time", "Heure invalide"),
    ],
)
def test_errors_are_french_and_at_the_field(
    client: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    make_venue(commune=lamentin())
    form = client.get(CREATE).context["form"]
    data = posted(form, themes=["Email"])
    data.update(changes)
    response = client.post(CREATE, {k: v for k, v in data.items() if v != ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message in response.content.decode()


def test_a_procedure_posted_by_an_untrained_mediator_is_refused(
    client: Client, mediator: Mediator
) -> None:
    make_venue(commune=lamentin())
    form = client.get(CREATE).context["form"]
    client.post(CREATE, posted(form, themes=["Email"], procedure_themes=["Logement"]))
    # The field is not on their form: the procedure is ignored, never written.
    assert Act.objects.get(mediator=mediator).procedure_themes == []


def test_a_trained_mediator_logs_a_procedure(client: Client, mediator: Mediator) -> None:
    train(mediator)
    make_venue(commune=lamentin())
    form = client.get(CREATE).context["form"]
    assert "procedure_themes" in form.fields
    client.post(CREATE, posted(form, procedure_themes=["Logement"]))
    assert Act.objects.get(mediator=mediator).procedure_themes == ["Logement"]


def test_someone_who_is_not_an_active_mediator_cannot_log(world: World) -> None:
    assert world.client("person").get(CREATE).status_code == 403
    assert world.client("federation").get(CREATE).status_code == 403


def test_the_edit_page_shows_the_act_and_saves_it(client: Client, mediator: Mediator) -> None:
    act = make_act(mediator, duration_minutes=20)
    url = reverse("mediation:act_edit", kwargs={"pk": act.pk})
    form = client.get(url).context["form"]
    assert form.initial["duration_other"] == 20
    client.post(url, posted(form, duration_other="25"))
    act.refresh_from_db()
    assert act.duration_minutes == 25


def test_another_mediators_act_is_not_found(world: World, client: Client) -> None:
    act = make_act()
    for name in ("act_edit", "act_saved", "act_withdraw"):
        assert client.get(reverse(f"mediation:{name}", kwargs={"pk": act.pk})).status_code == 404


MINE = reverse("mediation:act_mine")


def month_of(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def months_back(count: int) -> datetime:
    """The 10th at 10:00 (Martinique) of the month `count` months before the current one."""
    day = timezone.localdate().replace(day=1)
    for _n in range(count):
        day = (day - timedelta(days=1)).replace(day=1)
    return timezone.make_aware(datetime.combine(day.replace(day=10), time(10)))


def this_month() -> datetime:
    """A moment of the current month that has passed (an act is logged once done)."""
    first_day = timezone.localdate().replace(day=1)
    return max(an_hour_ago(), timezone.make_aware(datetime.combine(first_day, time.min)))


def test_my_acts_show_their_problems_and_totals(client: Client, mediator: Mediator) -> None:
    start = an_hour_ago(30)
    make_act(mediator, starts_at=start, duration_minutes=30)
    make_act(mediator, starts_at=start + timedelta(minutes=10), duration_minutes=15)
    page = client.get(MINE, {"month": month_of(start)}).content.decode()
    assert "2 actes" in page
    assert "45 minutes" in page
    assert page.count("Chevauche un autre acte") == 2
    assert reverse("mediation:act_export") in page


def test_my_acts_show_one_month_with_links_to_the_months_around(
    client: Client, mediator: Mediator
) -> None:
    now_act = make_act(mediator, starts_at=this_month())
    last_month = make_act(mediator, starts_at=months_back(1), duration_minutes=20)
    oldest = make_act(mediator, starts_at=months_back(2))
    edit = {
        act: reverse("mediation:act_edit", kwargs={"pk": act.pk})
        for act in (now_act, last_month, oldest)
    }

    page = client.get(MINE).content.decode()
    assert edit[now_act] in page
    assert edit[last_month] not in page
    assert f"?month={month_of(last_month.starts_at)}" in page, "a link to the month before"
    assert 'rel="next"' not in page, "nothing after the current month"
    assert "Mois en cours" not in page

    response = client.get(MINE, {"month": month_of(last_month.starts_at)})
    page = response.content.decode()
    assert edit[last_month] in page
    assert edit[now_act] not in page
    assert "1 acte</strong>, 20 minutes" in page
    assert reverse("mediation:act_withdraw", kwargs={"pk": last_month.pk}) in page
    assert f"?month={month_of(oldest.starts_at)}" in page
    assert f"?month={month_of(now_act.starts_at)}" in page
    assert "Mois en cours" in page
    first_day = timezone.localdate(last_month.starts_at).replace(day=1)
    assert f"start={first_day.isoformat()}" in page, "the CSV link is the month's"

    page = client.get(MINE, {"month": month_of(oldest.starts_at)}).content.decode()
    assert edit[oldest] in page
    assert 'rel="prev"' not in page, "nothing before the first act"


def test_an_unknown_month_says_so_and_shows_the_current_one(
    client: Client, mediator: Mediator
) -> None:
    act = make_act(mediator, starts_at=this_month())
    page = client.get(MINE, {"month": "2019-13"}).content.decode()
    assert "Certains filtres ne sont pas valides" in page
    assert reverse("mediation:act_edit", kwargs={"pk": act.pk}) in page


def test_a_month_without_acts_says_so(client: Client, mediator: Mediator) -> None:
    assert "Aucun acte noté pour l'instant." in client.get(MINE).content.decode()
    make_act(mediator, starts_at=months_back(2))
    page = client.get(MINE, {"month": month_of(months_back(1))}).content.decode()
    assert "Aucun acte en " in page


def test_the_month_picker_reaches_back_to_the_first_act() -> None:
    assert len(month_choices(date(2026, 6, 15))) == 13
    months = month_choices(date(2026, 6, 15), since=date(2024, 11, 3))
    assert months[0] == ("2026-06", "juin 2026")
    assert months[-1] == ("2024-11", "novembre 2024")


def test_withdrawing_goes_through_a_confirmation(client: Client, mediator: Mediator) -> None:
    act = make_act(mediator)
    url = reverse("mediation:act_withdraw", kwargs={"pk": act.pk})
    assert "Retirer cet acte ?" in client.get(url).content.decode()
    client.post(url)  # without the confirmation: nothing happens
    assert Act.objects.live().filter(pk=act.pk).exists()
    client.post(url, {"confirme": "oui"})
    assert not Act.objects.live().filter(pk=act.pk).exists()


def test_the_review_lists_acts_with_problems_and_a_late_one_is_accepted(
    world: World, mediator: Mediator
) -> None:
    fine = make_act(mediator, starts_at=an_hour_ago(5))
    late = make_act(mediator, starts_at=an_hour_ago(24 * 20), late_days=15)
    federation = world.client("federation")
    page = federation.get(reverse("mediation:act_review")).content.decode()
    approve = reverse("mediation:act_late_approve", kwargs={"pk": late.pk})
    assert approve in page
    assert reverse("mediation:act_withdraw", kwargs={"pk": fine.pk}) not in page
    assert "Accepter le retard de cet acte ?" in federation.get(approve).content.decode()
    federation.post(approve, {"confirme": "oui"})
    late.refresh_from_db()
    assert late.late_approved_by == world.users["federation"]
    assert approve not in federation.get(reverse("mediation:act_review")).content.decode()


def test_the_epci_reviews_only_the_mediators_it_funds(world: World) -> None:
    funded = active_mediator(funder=world.organisations["epci"])
    mine = make_act(funded, starts_at=an_hour_ago(24 * 20), late_days=15)
    other = make_act(starts_at=an_hour_ago(24 * 20), late_days=15)
    page = world.client("epci").get(reverse("mediation:act_review")).content.decode()
    assert reverse("mediation:act_late_approve", kwargs={"pk": mine.pk}) in page
    assert reverse("mediation:act_late_approve", kwargs={"pk": other.pk}) not in page
