"""The match pages as people use them: the person accepts or declines (after a confirmation
page), the provider declines what the person accepted, a company is sent to the application,
a stranger finds nothing, and the two lists show each match where it belongs."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lakou.core.actor import Actor
from lakou.core.confirm import CONFIRM_FIELD, CONFIRM_VALUE
from lakou.core.middleware import SESSION_ORGANISATION_KEY
from lakou.matching.models import Match, MatchStatus, Side
from lakou.matching.services.matches import REASON_MAX_LENGTH, match_accept, match_decline
from lakou.training.models import Enrolment, Session
from lakou.training.services.enrolment import enrolment_accept
from tests.accounts.factories import UserFactory
from tests.matching.factories_matches import (
    make_profile,
    offer_match,
    person_of,
    training_match,
)
from tests.partnerships.factories_offers import pdf_file, private_media
from tests.training.factories import provider_actor

pytestmark = pytest.mark.django_db
__all__ = ["private_media"]

S = MatchStatus
CONFIRM = {CONFIRM_FIELD: CONFIRM_VALUE}


def client_for(actor: Actor) -> Client:
    """Signed in, acting for the actor's organisation (none for a person)."""
    assert actor.user is not None
    client = Client()
    client.force_login(actor.user)
    if actor.organisation_id is not None:
        session = client.session
        session[SESSION_ORGANISATION_KEY] = actor.organisation_id
        session.save()
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def accept_url(match: Match) -> str:
    return reverse("matching:match_accept", args=[match.pk])


def decline_url(match: Match) -> str:
    return reverse("matching:match_decline", args=[match.pk])


def accepted(match: Match) -> Match:
    """The match accepted by its person through the service (the enrolment requested)."""
    return match_accept(actor=person_of(match.profile), match=match).match


def section(page: str, heading_id: str) -> str:
    """The text of the page's section labelled by `heading_id` ("" when the page has none)."""
    start = page.find(f'<section aria-labelledby="{heading_id}">')
    if start == -1:
        return ""
    return page[start : page.index("</section>", start)]


def item(page: str, label: str) -> str:
    """The list item of the match named `label` in `page` ("" when it is not there)."""
    for piece in page.split('<li class="item">')[1:]:
        if f"<h3>{label}</h3>" in piece:
            return piece[: piece.index("</li>")]
    return ""


# ---------------------------------------------------------------- the person accepts


def test_the_accept_page_says_what_will_happen() -> None:
    match, _provider = training_match(title="Développeur web")
    response = client_for(person_of(match.profile)).get(accept_url(match))
    page = text(response)
    assert response.status_code == 200
    assert "Accepter « Développeur web » ?" in page
    assert "Lakou transmet votre demande : l'organisme ou l'entreprise vous répondra." in page
    assert "Session de formation" in page
    assert "Proposée" in page
    assert "Oui, j'accepte" in page
    assert f'name="{CONFIRM_FIELD}" value="{CONFIRM_VALUE}"' in page


def test_the_accept_page_alone_changes_nothing() -> None:
    match, _provider = training_match()
    client_for(person_of(match.profile)).get(accept_url(match))
    match.refresh_from_db()
    assert match.status == S.PROPOSED
    assert not Enrolment.objects.exists()


def test_a_post_without_the_confirmation_shows_the_page_again() -> None:
    match, _provider = training_match()
    response = client_for(person_of(match.profile)).post(accept_url(match))
    assert response.status_code == 200
    assert "Oui, j'accepte" in text(response)
    match.refresh_from_db()
    assert match.status == S.PROPOSED


def test_accepting_a_session_asks_for_a_seat_and_says_so() -> None:
    match, _provider = training_match()
    client = client_for(person_of(match.profile))
    response = client.post(accept_url(match), CONFIRM)
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:match_mine")
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    enrolment = Enrolment.objects.get()
    assert match.enrolment == enrolment
    assert enrolment.session_id == match.session_id
    assert enrolment.learner_id == match.profile.user_id
    assert enrolment.status == Enrolment.Status.REQUESTED
    page = text(client.get(response["Location"]))
    assert "Vous avez accepté cette mise en relation." in page


def test_accepting_twice_says_it_is_no_longer_possible() -> None:
    match, _provider = training_match()
    client = client_for(person_of(match.profile))
    client.post(accept_url(match), CONFIRM)
    response = client.post(accept_url(match), CONFIRM)
    page = text(response)
    assert response.status_code == 400
    assert "Cette mise en relation n'attend plus votre réponse." in page
    assert "Oui, j'accepte" not in page
    assert Enrolment.objects.count() == 1
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED


def test_a_session_cancelled_meanwhile_says_why_and_changes_nothing() -> None:
    match, _provider = training_match()
    Session.objects.filter(pk=match.session_id).update(status=Session.Status.CANCELLED)
    response = client_for(person_of(match.profile)).post(accept_url(match), CONFIRM)
    assert response.status_code == 400
    assert "Cette session est annulée : les inscriptions sont fermées." in text(response)
    match.refresh_from_db()
    assert match.status == S.PROPOSED
    assert not Enrolment.objects.exists()


def test_an_accepted_match_shows_no_accept_button() -> None:
    match = accepted(training_match()[0])
    page = text(client_for(person_of(match.profile)).get(accept_url(match)))
    assert "Cette mise en relation n'attend plus votre réponse." in page
    assert "Oui, j'accepte" not in page
    assert "Acceptée par la personne" in page


# ---------------------------------------------------------------- the person declines


def test_the_decline_page_asks_for_the_reason() -> None:
    match, _provider = training_match(title="Développeur web")
    response = client_for(person_of(match.profile)).get(decline_url(match))
    page = text(response)
    assert response.status_code == 200
    assert "Décliner « Développeur web » ?" in page
    assert "L'autre partie lira votre motif." in page
    assert "Une mise en relation déclinée ne se reprend pas." in page
    assert "Pourquoi déclinez-vous ?" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_says_so_at_the_field(reason: str) -> None:
    match = accepted(training_match()[0])
    response = client_for(person_of(match.profile)).post(
        decline_url(match), {**CONFIRM, "reason": reason}
    )
    assert response.status_code == 400
    form = response.context["confirmation"].form
    assert form.errors["reason"] == ["Dites en quelques mots pourquoi vous déclinez."]
    assert "Dites en quelques mots pourquoi vous déclinez." in text(response)
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    assert match.enrolment.status == Enrolment.Status.REQUESTED


def test_a_reason_longer_than_the_bound_is_refused_at_the_field() -> None:
    match = accepted(training_match()[0])
    response = client_for(person_of(match.profile)).post(
        decline_url(match), {**CONFIRM, "reason": "x" * (REASON_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    errors = response.context["confirmation"].form.errors["reason"]
    assert len(errors) == 1
    assert str(REASON_MAX_LENGTH) in errors[0]
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    assert match.enrolment.status == Enrolment.Status.REQUESTED


def test_a_reason_at_the_bound_is_kept_whole() -> None:
    match, _provider = training_match()
    reason = "x" * REASON_MAX_LENGTH
    client_for(person_of(match.profile)).post(decline_url(match), {**CONFIRM, "reason": reason})
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_reason == reason


def test_declining_with_a_reason_cancels_the_enrolment_and_says_so() -> None:
    match = accepted(training_match()[0])
    client = client_for(person_of(match.profile))
    response = client.post(decline_url(match), {**CONFIRM, "reason": " J'ai trouvé un emploi "})
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:match_mine")
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.PERSON
    assert match.declined_reason == "J'ai trouvé un emploi"
    assert match.enrolment.status == Enrolment.Status.CANCELLED
    assert "La mise en relation est déclinée." in text(client.get(response["Location"]))


def test_a_declined_match_no_longer_offers_the_form() -> None:
    match, _provider = training_match()
    match_decline(actor=person_of(match.profile), match=match, reason="Trop loin")
    client = client_for(person_of(match.profile))
    response = client.post(decline_url(match), {**CONFIRM, "reason": "Encore"})
    page = text(response)
    assert "Cette mise en relation est terminée : elle ne se décline plus." in page
    assert "Pourquoi déclinez-vous ?" not in page
    match.refresh_from_db()
    assert match.declined_reason == "Trop loin"


# ---------------------------------------------------------------- the other side declines


def test_the_provider_declines_an_accepted_match_and_refuses_the_enrolment() -> None:
    match, provider = training_match()
    match = accepted(match)
    client = client_for(provider)
    response = client.post(decline_url(match), {**CONFIRM, "reason": "Session réservée"})
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:match_incoming")
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.OTHER
    assert match.declined_reason == "Session réservée"
    assert match.enrolment.status == Enrolment.Status.REFUSED
    assert match.enrolment.refusal_reason == "Session réservée"
    assert "La mise en relation est déclinée." in text(client.get(response["Location"]))


def test_the_provider_cannot_decline_a_match_the_person_has_not_accepted() -> None:
    match, provider = training_match()
    response = client_for(provider).post(decline_url(match), {**CONFIRM, "reason": "Non"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == S.PROPOSED


def test_the_provider_cannot_accept_for_the_person() -> None:
    match, provider = training_match()
    match = accepted(match)
    response = client_for(provider).post(accept_url(match), CONFIRM)
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED


def test_a_company_is_sent_to_the_application_instead(private_media: Any) -> None:
    match = offer_match()
    match = match_accept(
        actor=person_of(match.profile), match=match, message="Bonjour", cv=pdf_file()
    ).match
    membership = match.offer.company.memberships.first()
    company = Actor(user=membership.user, membership=membership, memberships=(membership,))
    response = client_for(company).post(decline_url(match), {**CONFIRM, "reason": "Non"})
    assert response.status_code == 400
    assert "Répondez à la candidature depuis la liste des candidatures de l'offre." in text(
        response
    )
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    assert match.application.status == match.application.Status.NEW
    # Its list offers the application, not a « Décliner » that would be refused.
    page = text(client_for(company).get(reverse("matching:match_incoming")))
    applications = reverse("partnerships:offer_applications", args=[match.offer_id])
    assert f'href="{applications}"' in page
    assert decline_url(match) not in page


def test_a_company_declines_here_a_match_with_no_application_yet(private_media: Any) -> None:
    """Accepted without a CV, the match waits for the application: nothing to answer on the
    offer's page, so the company declines it here."""
    match = accepted(offer_match())
    assert match.application is None
    membership = match.offer.company.memberships.first()
    company = Actor(user=membership.user, membership=membership, memberships=(membership,))
    response = client_for(company).post(decline_url(match), {**CONFIRM, "reason": "Poste pourvu"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == S.DECLINED
    assert match.declined_by == Side.OTHER
    assert match.declined_reason == "Poste pourvu"


# ---------------------------------------------------------------- someone else's match


@pytest.mark.parametrize("view", ["matching:match_accept", "matching:match_decline"])
def test_another_person_finds_nothing_and_changes_nothing(view: str) -> None:
    match, _provider = training_match()
    stranger = client_for(Actor(user=UserFactory()))
    url = reverse(view, args=[match.pk])
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {**CONFIRM, "reason": "Pas pour moi"}).status_code == 404
    match.refresh_from_db()
    assert match.status == S.PROPOSED
    assert match.declined_reason == ""
    assert not Enrolment.objects.exists()


def test_another_provider_finds_nothing() -> None:
    match = accepted(training_match()[0])
    response = client_for(provider_actor()).post(decline_url(match), {**CONFIRM, "reason": "Non"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == S.PERSON_ACCEPTED
    assert match.enrolment.status == Enrolment.Status.REQUESTED


# ---------------------------------------------------------------- the lists


def test_my_matches_list_live_and_ended_ones_in_their_sections(
    django_capture_on_commit_callbacks: Any,
) -> None:
    profile = make_profile()
    training_match(profile, title="Bureautique")
    accepted(training_match(profile, title="Développeur web")[0])
    declined, _provider = training_match(profile, title="Réseaux")
    match_decline(actor=person_of(profile), match=declined, reason="Trop loin")
    succeeded, provider = training_match(profile, title="Données")
    succeeded = accepted(succeeded)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_accept(actor=provider, enrolment=succeeded.enrolment)
    training_match(title="Cybersécurité")
    page = text(client_for(person_of(profile)).get(reverse("matching:match_mine")))
    live, done = section(page, "en-cours"), section(page, "terminees")
    assert "Proposée" in item(live, "Bureautique")
    assert "Acceptée par la personne" in item(live, "Développeur web")
    assert "Déclinée" in item(done, "Réseaux")
    assert "La personne : Trop loin" in item(done, "Réseaux")
    assert "Réussie" in item(done, "Données")
    assert item(live, "Réseaux") == item(live, "Données") == ""
    assert item(done, "Bureautique") == item(done, "Développeur web") == ""
    assert "Cybersécurité" not in page


def test_my_matches_without_any_say_so() -> None:
    page = text(client_for(person_of(make_profile())).get(reverse("matching:match_mine")))
    assert "Aucune mise en relation en cours pour le moment." in page
    assert section(page, "terminees") == ""


def test_the_live_match_offers_accept_and_decline() -> None:
    match, _provider = training_match()
    page = client_for(person_of(match.profile)).get(reverse("matching:match_mine"))
    assert f'href="{accept_url(match)}"' in page.content.decode()
    assert f'href="{decline_url(match)}"' in page.content.decode()


def test_incoming_lists_only_the_providers_own_accepted_matches() -> None:
    own, provider = training_match(title="Notre session")
    own = accepted(own)
    training_match(provider=provider, title="Pas encore acceptée")
    accepted(training_match(title="Session d'un autre organisme")[0])
    response = client_for(provider).get(reverse("matching:match_incoming"))
    page = text(response)
    assert response.status_code == 200
    assert "Notre session" in page
    assert str(own.profile.user) in page
    assert "Acceptée par la personne" in page
    assert f'href="{decline_url(own)}"' in page
    assert "Pas encore acceptée" not in page
    assert "Session d'un autre organisme" not in page


def test_incoming_without_any_says_so() -> None:
    page = text(client_for(provider_actor()).get(reverse("matching:match_incoming")))
    assert "Aucune mise en relation pour le moment." in page


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_matches_cost_as_many_queries_with_more_matches() -> None:
    profile = make_profile()
    client = client_for(person_of(profile))
    url = reverse("matching:match_mine")
    accepted(training_match(profile)[0])
    one = queries_of(client, url)
    training_match(profile)
    accepted(training_match(profile)[0])
    accepted(offer_match(profile))
    assert queries_of(client, url) == one


def test_incoming_costs_as_many_queries_with_more_matches() -> None:
    match, provider = training_match()
    accepted(match)
    client = client_for(provider)
    url = reverse("matching:match_incoming")
    one = queries_of(client, url)
    for _ in range(3):
        accepted(training_match(provider=provider)[0])
    assert queries_of(client, url) == one
