"""Mediators' pages as people use them: a visitor applies on the public form and reads what is
wrong next to each field; the federation finds the applicant in its list, opens the page and
moves the status after a confirmation; an EPCI reads the mediators of its communes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.mediation.models import Mediator
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import (
    digcomp_areas,
    epci_actor,
    federation_actor,
    fort_de_france,
    lamentin,
    make_mediator,
    marigot,
)
from tests.territory.factories import CommuneFactory
from tests.world import World, give_totp, record_second_factor

pytestmark = pytest.mark.django_db

APPLY = reverse("mediation:mediator_apply")
LIST = reverse("mediation:mediator_list")


def client_of(actor: Actor) -> Client:
    assert actor.user is not None
    client = Client()
    client.force_login(actor.user)
    record_second_factor(client, actor.user)
    return client


def federation_client() -> Client:
    actor = federation_actor()
    assert actor.user is not None
    give_totp(actor.user)
    return client_of(actor)


def form_data(**fields: Any) -> dict[str, Any]:
    areas = digcomp_areas()
    data: dict[str, Any] = {
        "first_name": "Rosette",
        "last_name": "Ursulet",
        "email": "rosette@exemple.mq",
        "phone": "0696 12 34 56",
        "kind": "association",
        "employer": "",
        "home_commune": fort_de_france().pk,
        "communes_served": [fort_de_france().pk, lamentin().pk],
        "topics": [areas[0].pk, areas[3].pk],
        "languages": ["fr", "creole"],
        "weekly_hours": "6",
        "compensation": "per_act",
        "motivation": "J'aide déjà les anciens de mon quartier.",
    }
    data.update(fields)
    return data


def field_errors(page: str, field: str) -> list[str]:
    """The messages shown just above the field (Django's `id_<field>_error` list)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def listed(page: str) -> set[int]:
    """The mediators a list page links to."""
    return {int(pk) for pk in re.findall(r'href="/mediation/mediateurs/(\d+)/"', page)}


# ---------------------------------------------------------------- the public form


def test_a_visitor_applies_and_reads_what_comes_next() -> None:
    client = Client()
    page = client.get(APPLY)
    assert page.status_code == 200
    assert "Devenir médiateur ou médiatrice numérique" in page.content.decode()

    response = client.post(APPLY, form_data(), follow=True)

    assert response.redirect_chain == [(reverse("mediation:mediator_apply_done"), 302)]
    assert "Merci, votre candidature est envoyée" in response.content.decode()
    mediator = Mediator.objects.get()
    assert mediator.user.email == "rosette@exemple.mq"
    assert mediator.status == "applicant"
    assert [a.code for a in mediator.topics.order_by("code")] == ["1", "4"]
    assert mediator.speaks_creole


def test_the_form_offers_the_communes_and_the_digcomp_areas() -> None:
    digcomp_areas()
    lamentin()
    marigot()

    page = Client().get(APPLY).content.decode()

    for name in ("Le Lamentin", "Le Marigot", "Communication et collaboration", "Sécurité"):
        assert name in page


def test_each_mistake_is_said_next_to_its_field_and_in_the_summary() -> None:
    data = form_data(phone="06 12", weekly_hours="60", email="pas-une-adresse", topics=[])
    data.pop("compensation")

    response = Client().post(APPLY, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert field_errors(page, "phone") == [
        "Numéro de téléphone invalide : écrivez par exemple 0696 12 34 56."
    ]
    assert field_errors(page, "weekly_hours") == [
        "Indiquez un nombre d&#x27;heures par semaine entre 1 et 48."
    ]
    assert "n&#x27;est pas valide" in field_errors(page, "email")[0]
    assert field_errors(page, "topics") == ["Choisissez au moins un domaine d&#x27;aide."]
    assert field_errors(page, "compensation") == [
        "Dites si vous intervenez à l&#x27;acte ou bénévolement."
    ]
    assert '<a href="#id_phone">Téléphone : Numéro de téléphone invalide' in page
    assert 'value="Rosette"' in page  # what was typed stays
    assert not Mediator.objects.exists()
    assert not User.objects.exists()


def test_an_employer_is_found_by_its_siret() -> None:
    association = OrganisationFactory(association=True, siret="90556789700012")

    response = Client().post(APPLY, form_data(employer="905 567 897 00012"))

    assert response.status_code == 302
    assert Mediator.objects.get().employer == association


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"employer": "90556789700013"}, "clé de contrôle"),
        (
            {"employer": "90556789700012"},
            "Aucune organisation inscrite sur Lakou n&#x27;a ce SIRET",
        ),
        ({"employer": "SIRET", "kind": "retiree"}, "clé de contrôle"),
    ],
)
def test_a_wrong_employer_siret_is_said_at_its_field(fields: dict[str, str], message: str) -> None:
    response = Client().post(APPLY, form_data(**fields))

    assert response.status_code == 400
    assert message in field_errors(response.content.decode(), "employer")[0]


def test_a_retiree_gives_no_employer() -> None:
    OrganisationFactory(siret="90556789700012")

    response = Client().post(APPLY, form_data(kind="retiree", employer="90556789700012"))

    assert response.status_code == 400
    assert "laissez ce champ vide" in field_errors(response.content.decode(), "employer")[0]


def test_the_public_form_does_not_tell_who_already_applied() -> None:
    make_mediator(UserFactory(email="deja@exemple.mq"))

    known = Client().post(APPLY, form_data(email="deja@exemple.mq"))
    unknown = Client().post(APPLY, form_data(email="nouvelle@exemple.mq"))

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Mediator.objects.count() == 2


def test_a_signed_in_person_applies_without_typing_their_address() -> None:
    person = UserFactory(email="ginette@exemple.mq", first_name="Ginette", last_name="Placide")
    client = client_of(Actor(user=person))

    page = client.get(APPLY).content.decode()
    assert 'name="email"' not in page
    assert 'value="Ginette"' in page
    assert "ginette@exemple.mq" in page

    data = form_data(first_name="Ginette", last_name="Placide")
    data.pop("email")
    assert client.post(APPLY, data).status_code == 302
    assert Mediator.objects.get().user == person

    again = client.get(APPLY).content.decode()
    assert "Vous avez déjà envoyé votre candidature" in again
    assert "« Candidature »" in again
    assert 'name="first_name"' not in again


def test_applications_from_one_address_are_throttled() -> None:
    statuses = [Client().post(APPLY, form_data()).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert Mediator.objects.count() == 1


def test_applications_from_one_client_are_throttled_whatever_the_address() -> None:
    client = Client()
    statuses = [
        client.post(APPLY, form_data(email=f"personne{n}@exemple.mq")).status_code
        for n in range(11)
    ]

    assert statuses == [302] * 10 + [429]
    assert Mediator.objects.count() == 10
    refused = client.post(APPLY, form_data(email="encore@exemple.mq"))
    assert "Trop de candidatures ont été envoyées" in refused.content.decode()
    assert 'value="encore@exemple.mq"' in refused.content.decode()


# ---------------------------------------------------------------- the federation's pages


def test_the_federation_finds_the_applicant_in_its_list_and_opens_the_page() -> None:
    association = OrganisationFactory(association=True, name="Kolibri Solidarité Numérique")
    mediator = make_mediator(
        UserFactory(first_name="Joël", last_name="Sainte-Luce", email="joel@exemple.mq"),
        kind="association",
        employer=association,
        served=(fort_de_france(), lamentin(), marigot()),
        speaks_creole=True,
    )
    client = federation_client()

    listed = client.get(LIST).content.decode()
    assert "Joël Sainte-Luce" in listed
    assert "Fort-de-France, Le Lamentin, Le Marigot" in listed
    assert "Kolibri Solidarité Numérique" in listed

    detail = client.get(reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk}))
    page = detail.content.decode()
    assert detail.status_code == 200
    assert '<a href="tel:+596696987654">0696 98 76 54</a>' in page
    assert "Français, créole" in page
    assert "Retraité de La Poste" in page
    move = reverse("mediation:mediator_move", kwargs={"pk": mediator.pk, "status": "in_training"})
    assert f'href="{move}"' in page
    assert "Passer à « Parti »" in page
    assert "Passer à « Actif »" not in page


def test_a_long_list_is_cut_into_pages_and_names_a_few_communes() -> None:
    communes = (fort_de_france(), lamentin(), marigot())
    for n in range(31):
        make_mediator(UserFactory(last_name=f"Zami {n:02d}"), served=communes)
    make_mediator(UserFactory(last_name="Agat"), served=(*communes, _schoelcher()))
    client = federation_client()

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert "32 médiateurs et médiatrices" in first
    assert "Agat" in first
    assert "Zami 29" not in first
    assert "Zami 29" in second
    assert "Fort-de-France, Le Lamentin, Le Marigot et 1 autre" in first


def _schoelcher() -> Any:
    return CommuneFactory(insee_code="97229", name="Schœlcher")


def test_the_list_filters_by_status_and_where_they_serve() -> None:
    north = make_mediator(UserFactory(), status="active", served=(marigot(),))
    centre = make_mediator(UserFactory(), status="active", served=(lamentin(),))
    waiting = make_mediator(UserFactory(), served=(lamentin(),))
    client = federation_client()

    active = client.get(LIST, {"status": "active"}).content.decode()
    cacem = client.get(LIST, {"territory": "249720061"}).content.decode()
    lamentin_only = client.get(LIST, {"territory": "97213", "status": "applicant"})
    wrong = client.get(LIST, {"status": "retraite"})

    assert listed(active) == {north.pk, centre.pk}
    assert listed(cacem) == {centre.pk, waiting.pk}
    assert listed(lamentin_only.content.decode()) == {waiting.pk}
    assert wrong.status_code == 400
    assert "Certains filtres ne sont pas valides" in wrong.content.decode()


def test_the_list_costs_the_same_queries_whatever_its_length(
    django_assert_num_queries: Any,
) -> None:
    client = federation_client()
    make_mediator(served=(fort_de_france(), lamentin()))
    client.get(LIST)  # the session is read and the actor resolved the same way after
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _more in range(4):
        make_mediator(
            UserFactory(),
            served=(fort_de_france(), lamentin(), marigot()),
            topics=tuple(digcomp_areas()),
            employer=OrganisationFactory(),
        )
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(LIST)


def test_the_status_moves_only_after_the_confirmation_page() -> None:
    mediator = make_mediator(UserFactory(first_name="Joël", last_name="Sainte-Luce"))
    client = federation_client()
    url = reverse("mediation:mediator_move", kwargs={"pk": mediator.pk, "status": "in_training"})

    page = client.get(url).content.decode()
    assert "Passer Joël Sainte-Luce au statut « En formation » ?" in page
    assert 'name="confirme" value="oui"' in page
    assert client.post(url).status_code == 200  # no confirmation: the page again
    mediator.refresh_from_db()
    assert mediator.status == "applicant"

    response = client.post(url, {"confirme": "oui"})

    assert response["Location"] == reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})
    mediator.refresh_from_db()
    assert mediator.status == "in_training"
    assert mediator.status_changed_at is not None
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Statut de Joël Sainte-Luce : « En formation »."]


def test_leaving_is_said_to_be_final_before_it_is_confirmed() -> None:
    mediator = make_mediator(status="active")
    url = reverse("mediation:mediator_move", kwargs={"pk": mediator.pk, "status": "left"})

    page = federation_client().get(url).content.decode()

    assert "« Parti » est définitif" in page


def test_a_refused_move_says_why_and_offers_only_the_way_back() -> None:
    mediator = make_mediator()
    client = federation_client()
    url = reverse("mediation:mediator_move", kwargs={"pk": mediator.pk, "status": "active"})

    page = client.get(url).content.decode()
    assert "Joël Sainte-Luce ne peut pas passer au statut « Actif »" in page
    assert "Une candidature passe d&#x27;abord par la formation" in page
    assert 'name="confirme"' not in page
    assert "Revenir à la fiche" in page

    response = client.post(url, {"confirme": "oui"})
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1
    assert "passe d'abord par la formation" in said[0]
    mediator.refresh_from_db()
    assert mediator.status == "applicant"


def test_a_left_mediator_has_no_more_buttons() -> None:
    mediator = make_mediator(status="left")

    page = federation_client().get(reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk}))

    assert "« Parti » est un statut définitif" in page.content.decode()
    assert "Passer à" not in page.content.decode()


def test_an_unknown_status_is_not_found() -> None:
    mediator = make_mediator()
    url = reverse("mediation:mediator_move", kwargs={"pk": mediator.pk, "status": "retraite"})

    assert federation_client().get(url).status_code == 404


# ---------------------------------------------------------------- EPCI and others


def test_an_epci_reads_the_mediators_of_its_communes_without_moving_them() -> None:
    ours = make_mediator(UserFactory(), status="active", served=(lamentin(),))
    theirs = make_mediator(UserFactory(), status="active", served=(marigot(),))
    make_mediator(UserFactory(), served=(lamentin(),))  # an applicant, not vetted yet
    client = client_of(epci_actor())

    page = client.get(LIST).content.decode()
    assert listed(page) == {ours.pk}
    assert '<option value="applicant">' not in page
    assert '<option value="active">Actif</option>' in page

    page = client.get(reverse("mediation:mediator_detail", kwargs={"pk": ours.pk}))
    assert page.status_code == 200
    assert "Faire avancer le statut" not in page.content.decode()
    assert (
        client.get(reverse("mediation:mediator_detail", kwargs={"pk": theirs.pk})).status_code
        == 404
    )
    move = reverse("mediation:mediator_move", kwargs={"pk": ours.pk, "status": "paused"})
    assert client.get(move).status_code == 403


@pytest.mark.parametrize("who", ["person", "company", "association"])
def test_other_roles_have_no_mediator_pages(who: str) -> None:
    mediator = make_mediator(status="active")
    if who == "person":
        client = client_of(Actor(user=UserFactory()))
    else:
        membership = MembershipFactory(organisation=OrganisationFactory(**{who: True}))
        client = client_of(Actor(user=membership.user, membership=membership))

    assert client.get(LIST).status_code == 403
    detail = reverse("mediation:mediator_detail", kwargs={"pk": mediator.pk})
    assert client.get(detail).status_code == 403


def test_a_visitor_is_sent_to_sign_in() -> None:
    response = Client().get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_federation_sets_the_epci_that_funds_a_mediator() -> None:
    world = World.build()
    epci = epci_actor().organisation
    assert epci is not None
    mediator = make_mediator(status="active")
    client = world.client("federation")
    page = client.get(reverse("mediation:mediator_detail", args=[mediator.pk])).content.decode()

    response = client.post(
        reverse("mediation:mediator_funder", args=[mediator.pk]), {"funder": epci.pk}
    )

    assert "Enregistrer le financeur" in page
    assert response.status_code == 302
    mediator.refresh_from_db()
    assert mediator.funder == epci
    after = client.get(response["Location"]).content.decode()
    assert "désormais financé(e) par : CACEM" in after
    client.post(reverse("mediation:mediator_funder", args=[mediator.pk]), {"funder": ""})
    mediator.refresh_from_db()
    assert mediator.funder is None
    company = OrganisationFactory(company=True)
    client.post(reverse("mediation:mediator_funder", args=[mediator.pk]), {"funder": company.pk})
    mediator.refresh_from_db()
    assert mediator.funder is None
