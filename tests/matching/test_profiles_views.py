"""« Mon profil d'orientation » pages: the person builds, assesses, shows and hides their profile;
French errors at the field; an organisation's member is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from lakou.accounts.models import User
from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.matching.factories_profiles import certificate_teaching, key_competences, make_profile
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_without_a_profile_is_invited_to_create_one() -> None:
    response = signed_in(UserFactory()).get(reverse("matching:profile"))
    assert response.status_code == 200
    assert "Créer mon profil" in response.content.decode()


def test_a_person_creates_their_profile_with_a_target_occupation() -> None:
    user = UserFactory()
    commune = CommuneFactory(lamentin=True)
    occupation = OccupationFactory(digital_transition=True)
    response = signed_in(user).post(
        reverse("matching:profile_edit"),
        {
            "commune": commune.pk,
            "situation": "job_seeker",
            "mobility": "bus",
            "max_travel_minutes": "30",
            "formats": ["in_person"],
            "fundings": ["france_travail"],
            "needs_funding": "on",
            "target_occupations": [occupation.pk],
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.commune, profile.mobility, profile.max_travel_minutes) == (commune, "bus", 30)
    assert list(profile.target_occupations.all()) == [occupation]
    page = signed_in(user).get(reverse("matching:profile")).content.decode()
    assert "Le Lamentin" in page
    assert occupation.label in page
    assert "30 minutes de trajet au plus" in page


def test_the_form_says_in_french_what_to_correct_at_the_field() -> None:
    response = signed_in(UserFactory()).post(
        reverse("matching:profile_edit"),
        {
            "max_travel_minutes": "500",
            "available_from": "2026-09-01",
            "available_until": "2026-08-01",
            "mobility": "car",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["commune"] == ["Choisissez la commune où vous habitez."]
    assert form.errors["situation"] == ["Choisissez la situation qui vous ressemble le plus."]
    assert form.errors["max_travel_minutes"] == ["Au plus 180 minutes de trajet."]
    assert form.errors["available_until"] == [
        "La date de fin de disponibilité doit venir après la date de début."
    ]
    assert "À corriger avant d'enregistrer" in response.content.decode()
    assert not Profile.objects.exists()


def test_the_occupations_are_grouped_by_domain_and_a_ticked_group_is_open() -> None:
    user = UserFactory()
    occupation = OccupationFactory(digital_transition=True)
    make_profile(user, target_occupations=[occupation])
    page = signed_in(user).get(reverse("matching:profile_edit")).content.decode()
    assert f"<details open>\n  <summary>{escape(occupation.domain_label)} — 1 coché" in page


def test_the_self_assessment_saves_declared_competences() -> None:
    key_competences()
    user = UserFactory()
    make_profile(user)
    answers = dict.fromkeys(("1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "4.2"), "unknown")
    answers["5.1"] = "intermediate"
    response = signed_in(user).post(reverse("matching:profile_self_assessment"), answers)
    assert response.status_code == 302
    row = ProfileCompetence.objects.get(profile__user=user)
    assert (row.competence.code, row.level, row.source) == ("5.1", 3, CompetenceSource.SELF)
    page = signed_in(user).get(reverse("matching:profile")).content.decode()
    assert "Déclarée (auto-évaluation)" in page


def test_the_self_assessment_asks_for_every_line() -> None:
    key_competences()
    user = UserFactory()
    make_profile(user)
    response = signed_in(user).post(
        reverse("matching:profile_self_assessment"), {"1.1": "advanced"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["1.2"] == [
        "Choisissez une réponse, même « Je ne sais pas »."
    ]


def test_the_self_assessment_first_asks_for_a_profile() -> None:
    response = signed_in(UserFactory()).get(reverse("matching:profile_self_assessment"))
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:profile_edit")


def test_the_page_shows_a_certificate_verified_competence() -> None:
    user = UserFactory()
    make_profile(user)
    certificate = certificate_teaching(user, {"3.1": 4})
    page = signed_in(user).get(reverse("matching:profile")).content.decode()
    assert "Vérifiée par un certificat" in page
    assert certificate.achievement in page
    assert "dont 1 vérifiée par un certificat" in page


def test_the_questionnaire_import_without_a_linked_answer_says_why() -> None:
    user = UserFactory()
    make_profile(user)
    response = signed_in(user).post(reverse("matching:profile_import_questionnaire"), follow=True)
    assert "Nous ne trouvons pas de questionnaire public rempli avec votre compte" in (
        response.content.decode()
    )


def test_a_person_shows_then_hides_their_profile() -> None:
    user = UserFactory()
    profile = make_profile(user)
    client = signed_in(user)
    response = client.post(reverse("matching:profile_visibility"), {"visible": "yes"}, follow=True)
    assert "maintenant visible des employeurs" in response.content.decode()
    assert list(Profile.objects.visible()) == [profile]
    response = client.post(reverse("matching:profile_visibility"), {"visible": "no"}, follow=True)
    assert "ne le voient plus" in response.content.decode()
    assert not Profile.objects.visible().exists()


def test_an_organisation_member_is_refused() -> None:
    membership = MembershipFactory()
    response = signed_in(membership.user).get(reverse("matching:profile"))
    assert response.status_code == 403
