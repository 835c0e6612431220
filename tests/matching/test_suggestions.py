"""« Propositions pour moi »: the engine's suggestions from the database, their reasons, « Cela
m'intéresse », and the table's cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lakou.matching.models import Match, MatchStatus, OpportunityKind, Origin
from lakou.matching.services.opportunities import (
    OpportunityRef,
    opportunity_table,
    opportunity_table_clear,
)
from lakou.matching.services.suggestions import (
    SuggestionError,
    suggestion_accept,
    suggestions_for,
)
from lakou.training.models import Enrolment, Session
from tests.matching.factories_profiles import person
from tests.matching.factories_suggestions import placement_offer, seeker, training_session
from tests.training.factories_enrolment import enrolment_in

pytestmark = pytest.mark.django_db


def test_a_published_session_is_suggested_with_its_reasons_in_french() -> None:
    session = training_session()
    profile = seeker()
    found = suggestions_for(profile=profile)
    [suggestion] = found[OpportunityKind.TRAINING]
    assert suggestion.obj == session
    assert any("de chez vous en voiture" in text for text in suggestion.texts)
    assert any("finançable" in text or "gratuit" in text for text in suggestion.texts)


def test_a_full_session_is_never_suggested() -> None:
    session = training_session(seats=1)
    enrolment_in(session, Enrolment.Status.ACCEPTED)
    opportunity_table_clear()
    assert OpportunityKind.TRAINING not in suggestions_for(profile=seeker())


def test_a_session_marked_full_or_cancelled_is_not_suggested() -> None:
    full = training_session()
    Session.objects.filter(pk=full.pk).update(status=Session.Status.FULL)
    cancelled = training_session()
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    opportunity_table_clear()
    assert OpportunityKind.TRAINING not in suggestions_for(profile=seeker())


def test_a_session_beyond_the_persons_travel_time_is_left_out() -> None:
    from tests.matching.factories_suggestions import commune

    training_session(commune=commune("97226"))  # Sainte-Anne, far from Fort-de-France
    assert OpportunityKind.TRAINING not in suggestions_for(profile=seeker(max_travel_minutes=20))


def test_the_kind_filter_keeps_only_that_kind() -> None:
    training_session()
    placement_offer()
    profile = seeker()
    assert set(suggestions_for(profile=profile)) == {
        OpportunityKind.TRAINING,
        OpportunityKind.INTERNSHIP,
    }
    assert set(suggestions_for(profile=profile, kind=OpportunityKind.INTERNSHIP)) == {
        OpportunityKind.INTERNSHIP
    }


def test_interest_proposes_by_the_engine_and_accepts_at_once() -> None:
    session = training_session()
    profile = seeker()
    accepted = suggestion_accept(
        actor=person(profile.user),
        profile=profile,
        ref=OpportunityRef(OpportunityKind.TRAINING, session.pk),
    )
    match = Match.objects.get()
    assert match.origin == Origin.ENGINE
    assert match.status == MatchStatus.PERSON_ACCEPTED
    assert match.enrolment is not None
    assert match.enrolment.session == session
    assert set(match.parts) >= {"competences", "travel"}
    assert match.reasons
    assert accepted.next_step == ""
    # Suggested no more: the person has a match on it.
    assert OpportunityKind.TRAINING not in suggestions_for(profile=profile)


def test_interest_in_a_full_session_is_refused() -> None:
    session = training_session(seats=1)
    enrolment_in(session, Enrolment.Status.ACCEPTED)
    opportunity_table_clear()
    profile = seeker()
    with pytest.raises(SuggestionError):
        suggestion_accept(
            actor=person(profile.user),
            profile=profile,
            ref=OpportunityRef(OpportunityKind.TRAINING, session.pk),
        )
    assert not Match.objects.exists()


def test_the_table_is_kept_until_cleared() -> None:
    first = opportunity_table()
    assert opportunity_table() is first
    opportunity_table_clear()
    assert opportunity_table() is not first


def test_the_page_shows_the_reasons_and_the_interest_button(client) -> None:  # type: ignore[no-untyped-def]
    training_session(title="Développeur web")
    profile = seeker()
    client.force_login(profile.user)
    response = client.get(reverse("matching:suggestions"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Développeur web" in text
    assert "de chez vous en voiture" in text
    assert "Cela m&#x27;intéresse" in text or "Cela m'intéresse" in text


def test_without_a_profile_the_page_says_what_to_fill_in(client) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    text = client.get(reverse("matching:suggestions")).content.decode()
    assert (
        "remplissez d&#x27;abord votre profil" in text or "remplissez d'abord votre profil" in text
    )


def test_the_interest_page_confirms_then_creates_the_match(client) -> None:  # type: ignore[no-untyped-def]
    session = training_session()
    profile = seeker()
    client.force_login(profile.user)
    url = reverse("matching:suggestion_interest", kwargs={"kind": "formation", "pk": session.pk})
    assert client.get(url).status_code == 200
    assert not Match.objects.exists()
    response = client.post(url, {"confirme": "oui"})
    assert response.status_code == 302
    assert Match.objects.get().status == MatchStatus.PERSON_ACCEPTED
