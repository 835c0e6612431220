"""Profiles: saving, the self-assessment, the questionnaire import, certificate sync, consent and
the engine's view."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from lakou.core.actor import Actor
from lakou.diagnostics.models import Answer, Question
from lakou.diagnostics.services.builtin import PUBLIC_SLUG, load_builtin_questionnaires
from lakou.matching import engine
from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence
from lakou.matching.services.profiles import (
    ProfileData,
    ProfileError,
    competence_rows,
    engine_profile,
    profile_for,
    profile_import_questionnaire,
    profile_save,
    profile_self_assess,
    profile_set_visibility,
    profile_sync_certificates,
)
from lakou.training.models import Certificate
from lakou.training.services.certificates import certificate_revoke
from tests.accounts.factories import UserFactory
from tests.diagnostics.factories_campaigns import open_campaign
from tests.matching.factories_profiles import (
    certificate_teaching,
    key_competences,
    make_profile,
    person,
)
from tests.skills.factories import OccupationFactory
from tests.territory.factories import CommuneFactory
from tests.training.factories_certificates import actor_of

pytestmark = pytest.mark.django_db


def rows(profile: Profile, source: str) -> dict[str, int]:
    return dict(
        ProfileCompetence.objects.filter(profile=profile, source=source).values_list(
            "competence__code", "level"
        )
    )


def test_a_person_creates_then_updates_their_profile() -> None:
    user = UserFactory()
    occupation = OccupationFactory()
    profile = make_profile(user, target_occupations=[occupation], fundings=["cpf", "free"])
    assert profile_for(user) == profile
    assert list(profile.target_occupations.all()) == [occupation]
    updated = make_profile(user, situation="senior", mobility="bus", max_travel_minutes=30)
    assert updated.pk == profile.pk
    assert (updated.situation, updated.mobility, updated.max_travel_minutes) == (
        "senior",
        "bus",
        30,
    )
    assert list(updated.target_occupations.all()) == []


def test_no_profile_for_an_anonymous_user_or_a_user_without_one() -> None:
    assert profile_for(None) is None
    assert profile_for(UserFactory()) is None


def test_an_organisation_member_cannot_build_a_profile() -> None:
    from tests.accounts.factories import MembershipFactory

    membership = MembershipFactory()
    actor = Actor(user=membership.user, membership=membership, memberships=(membership,))
    with pytest.raises(ProfileError):
        profile_save(actor=actor, data=ProfileData(commune=CommuneFactory(), situation="employee"))


def test_availability_must_end_after_it_starts() -> None:
    with pytest.raises(ProfileError) as error:
        make_profile(available_from=date(2026, 9, 1), available_until=date(2026, 8, 1))
    assert error.value.field == "available_until"


def test_self_assessment_records_levels_and_i_do_not_know_removes_one() -> None:
    key_competences()
    profile = make_profile()
    actor = person(profile.user)
    count = profile_self_assess(
        actor=actor,
        profile=profile,
        answers={"1.1": "beginner", "2.1": "intermediate", "4.1": "advanced", "5.1": "unknown"},
    )
    assert count == 3
    assert rows(profile, CompetenceSource.SELF) == {"1.1": 1, "2.1": 3, "4.1": 5}
    profile_self_assess(actor=actor, profile=profile, answers={"1.1": "unknown", "2.1": "advanced"})
    assert rows(profile, CompetenceSource.SELF) == {"2.1": 5, "4.1": 5}


def test_someone_else_cannot_assess_a_profile() -> None:
    key_competences()
    profile = make_profile()
    with pytest.raises(ProfileError):
        profile_self_assess(actor=person(), profile=profile, answers={"1.1": "advanced"})


def _public_answers(user: object, values: dict[str, int]) -> None:
    from lakou.diagnostics.models import QuestionnaireVersion, Response

    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
    campaign = open_campaign(version=version)
    response = Response.objects.create(
        campaign=campaign,
        version=version,
        user=user,
        resume_token_hash=f"hash-{user.pk}",  # type: ignore[attr-defined]
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for code, value in values.items():
        question = Question.objects.get(section__version=version, code=code)
        Answer.objects.create(response=response, question=question, value=value)


def test_the_public_questionnaire_of_the_person_becomes_declared_competences() -> None:
    key_competences()
    profile = make_profile()
    _public_answers(
        profile.user,
        {"level_information": 3, "level_security": 4, "level_problems": 1, "level_creation": 2},
    )
    count = profile_import_questionnaire(actor=person(profile.user), profile=profile)
    assert rows(profile, CompetenceSource.QUESTIONNAIRE) == {
        "1.1": 3,
        "1.2": 3,
        "3.1": 1,
        "4.1": 4,
        "4.2": 4,
    }
    assert count == 5


def test_without_a_questionnaire_linked_to_the_account_the_import_says_so() -> None:
    profile = make_profile()
    with pytest.raises(ProfileError, match="questionnaire public"):
        profile_import_questionnaire(actor=person(profile.user), profile=profile)


def test_a_valid_certificate_gives_verified_competences() -> None:
    profile = make_profile()
    certificate = certificate_teaching(profile.user, {"3.1": 4, "4.1": None})
    assert profile_sync_certificates(profile) == 2
    assert rows(profile, CompetenceSource.CERTIFICATE) == {"3.1": 4, "4.1": 1}
    assert set(
        ProfileCompetence.objects.filter(profile=profile).values_list("certificate", flat=True)
    ) == {certificate.pk}
    assert profile_sync_certificates(profile) == 0


def test_the_higher_level_of_two_certificates_is_kept() -> None:
    profile = make_profile()
    certificate_teaching(profile.user, {"3.1": 2}, title="Bureautique")
    better = certificate_teaching(profile.user, {"3.1": 5}, title="Web")
    profile_sync_certificates(profile)
    row = ProfileCompetence.objects.get(profile=profile, source=CompetenceSource.CERTIFICATE)
    assert (row.level, row.certificate_id) == (5, better.pk)


def test_a_revoked_certificate_no_longer_proves_anything() -> None:
    profile = make_profile()
    certificate = certificate_teaching(profile.user, {"3.1": 4})
    profile_sync_certificates(profile)
    certificate_revoke(
        actor=actor_of(certificate.provider), certificate=certificate, reason="Erreur de saisie"
    )
    assert profile_sync_certificates(profile) == 1
    assert rows(profile, CompetenceSource.CERTIFICATE) == {}


def test_issuing_and_revoking_a_certificate_resync_the_profile_at_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The training services announce the change after commit; no page visit is needed."""
    profile = make_profile()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_teaching(profile.user, {"3.1": 4})
    assert rows(profile, CompetenceSource.CERTIFICATE) == {"3.1": 4}
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            actor=actor_of(certificate.provider), certificate=certificate, reason="Erreur"
        )
    assert rows(profile, CompetenceSource.CERTIFICATE) == {}


def test_a_certificate_of_someone_without_a_profile_creates_none(
    django_capture_on_commit_callbacks: Any,
) -> None:
    learner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_teaching(learner, {"3.1": 4})
    assert not Profile.objects.filter(user=learner).exists()


def test_an_expired_certificate_no_longer_proves_anything() -> None:
    profile = make_profile()
    certificate = certificate_teaching(profile.user, {"3.1": 4})
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=date(2020, 1, 1))
    profile_sync_certificates(profile)
    assert rows(profile, CompetenceSource.CERTIFICATE) == {}


def test_someone_elses_certificate_is_not_taken() -> None:
    profile = make_profile()
    certificate_teaching(UserFactory(), {"3.1": 4})
    assert profile_sync_certificates(profile) == 0


def test_the_page_rows_say_verified_or_declared() -> None:
    key_competences()
    profile = make_profile()
    profile_self_assess(
        actor=person(profile.user), profile=profile, answers={"3.1": "advanced", "1.1": "beginner"}
    )
    certificate_teaching(profile.user, {"3.1": 3})
    profile_sync_certificates(profile)
    by_code = {row.competence.code: row for row in competence_rows(profile)}
    assert by_code["3.1"].is_verified
    assert by_code["3.1"].level == 3
    assert by_code["3.1"].declared_level == 5
    assert not by_code["1.1"].is_verified
    assert by_code["1.1"].level == 1


def test_withdrawing_consent_removes_the_profile_from_visible_ones_at_once() -> None:
    profile = make_profile()
    actor = person(profile.user)
    profile_set_visibility(actor=actor, profile=profile, visible=True)
    assert list(Profile.objects.visible()) == [profile]
    since = Profile.objects.get(pk=profile.pk).visible_since
    assert since is not None
    profile_set_visibility(actor=actor, profile=profile, visible=True)
    assert Profile.objects.get(pk=profile.pk).visible_since == since
    profile_set_visibility(actor=actor, profile=profile, visible=False)
    assert not Profile.objects.visible().exists()
    assert Profile.objects.get(pk=profile.pk).visible_since is None


def test_only_the_person_changes_their_consent() -> None:
    profile = make_profile()
    with pytest.raises(ProfileError):
        profile_set_visibility(actor=person(), profile=profile, visible=True)
    assert not Profile.objects.visible().exists()


def test_the_engine_sees_the_profile_with_declared_and_certified_competences() -> None:
    key_competences()
    occupation = OccupationFactory()
    profile = make_profile(
        commune=CommuneFactory(lamentin=True),
        mobility="bus",
        max_travel_minutes=40,
        situation="career_changer",
        available_from=date(2026, 9, 1),
        target_occupations=[occupation],
        fundings=["cpf"],
        needs_funding=True,
        formats=["e_learning"],
    )
    profile_self_assess(
        actor=person(profile.user), profile=profile, answers={"1.1": "intermediate"}
    )
    certificate_teaching(profile.user, {"3.1": 4})
    profile_sync_certificates(profile)
    seen = engine_profile(profile, target_levels={"digcomp:3.1": 5})
    assert seen == engine.Profile(
        commune=97213,
        mode="bus",
        max_minutes=40.0,
        available_from=date(2026, 9, 1),
        available_until=None,
        situation="career_changer",
        declared={"digcomp:1.1": 3},
        certified={"digcomp:3.1": 4},
        targets=(occupation.code_rome,),
        target_levels={"digcomp:3.1": 5},
        fundings=frozenset({"cpf"}),
        needs_funding=True,
        accepts_remote=True,
        accepts_in_person=False,
    )


def test_no_format_ticked_means_every_format_suits_the_engine() -> None:
    seen = engine_profile(make_profile())
    assert seen.accepts_remote
    assert seen.accepts_in_person
