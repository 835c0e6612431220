from __future__ import annotations

import datetime
from unittest import mock

import pytest

from lakou.core.actor import ANONYMOUS
from lakou.core.models import AuditEntry
from lakou.diagnostics.models import (
    Answer,
    Campaign,
    Horizon,
    NeedMode,
    QuestionnaireVersion,
    Response,
    SkillNeed,
)
from lakou.diagnostics.services.builtin import (
    MATURITY_SLUG,
    PUBLIC_SLUG,
    load_builtin_questionnaires,
)
from lakou.diagnostics.services.responses import (
    ResponseError,
    hash_token,
    response_by_token,
    response_save,
    response_start,
    response_submit,
)
from tests.accounts.factories import OrganisationFactory
from tests.diagnostics.factories import (
    CampaignFactory,
    QuestionFactory,
    ResponseFactory,
    load_reference_data,
)
from tests.world import World

pytestmark = pytest.mark.django_db


def at(moment: datetime.datetime) -> mock._patch[mock.MagicMock]:
    return mock.patch("django.utils.timezone.now", return_value=moment)


# Answers to the maturity questionnaire, with the points each earns (computed by hand).
MATURITY_ANSWERS = {
    "company_commune": ["97209"],
    "strategy_plan": ["ideas"],  # 1 / 3
    "strategy_budget": ["every_year"],  # 2 / 2
    "strategy_online": ["website", "social"],  # 2 / 4 → strategy 5/9 = 55.6 → 56
    "readiness_equipment": ["partly"],  # 1 / 3
    "readiness_connection": ["good"],  # 2 / 3
    "readiness_tools": [],  # 0 / 4 → readiness 3/10 = 30
    "people_training": ["some"],  # 1 / 3
    "people_involved": ["sometimes"],  # 1 / 2
    "people_support": ["referent"],  # 2 / 2 → people 4/7 = 57.1 → 57
    "data_backup": ["checked"],  # 3 / 3
    "data_protection": ["passwords", "two_factor", "updates", "gdpr"],  # 4 / 4
    "data_decisions": ["no"],  # 0 / 2 → data 7/9 = 77.8 → 78
    "automation_tasks": ["invoices"],  # 1 / 4
    "automation_ai": ["no"],  # 0 / 3 → automation 1/7 = 14.3 → 14
    "green_old_equipment": ["recycled"],  # 1 / 2
    "green_buying": ["always"],  # 2 / 2
    "green_habits": ["switch_off", "less_paper"],  # 2 / 4 → green 5/8 = 62.5 → 63
    "has_needs": ["yes"],
    "need_mode": ["train", "recruit"],
    "train_skills": ["digcomp-4-1", "digcomp-4-2"],
    "train_headcount": ["3"],
    "train_horizon": ["lt6"],
    "recruit_skills": ["rome-m1805"],
    "recruit_headcount": ["1"],
    "recruit_horizon": ["gt12"],
}


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.fixture
def maturity_campaign() -> Campaign:
    load_reference_data()
    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=MATURITY_SLUG)
    return CampaignFactory(version=version)


@pytest.fixture
def public_campaign() -> Campaign:
    load_reference_data()
    load_builtin_questionnaires()
    version = QuestionnaireVersion.objects.get(questionnaire__slug=PUBLIC_SLUG)
    return CampaignFactory(version=version)


class TestStart:
    def test_it_gives_the_public_a_resume_token_and_stores_only_its_hash(self) -> None:
        campaign = CampaignFactory()
        response, token = response_start(actor=ANONYMOUS, campaign=campaign)
        assert len(token) >= 40
        assert response.resume_token_hash == hash_token(token)
        assert token not in response.resume_token_hash
        assert response.version == campaign.version
        assert response_by_token(token) == response
        assert AuditEntry.objects.filter(action="response.start", user=None).count() == 1

    def test_a_wrong_or_empty_token_finds_nothing(self) -> None:
        response_start(actor=ANONYMOUS, campaign=CampaignFactory())
        assert response_by_token("pas-le-bon") is None
        assert response_by_token("") is None

    def test_members_of_a_company_share_one_draft(self, world: World) -> None:
        campaign = CampaignFactory()
        company = world.organisations["company"]
        first, token = response_start(
            actor=world.actor("company"), campaign=campaign, company=company
        )
        again, second_token = response_start(
            actor=world.actor("company"), campaign=campaign, company=company
        )
        assert again == first
        assert token
        assert second_token == ""
        other, _token = response_start(
            actor=world.actor("other_company"),
            campaign=campaign,
            company=world.organisations["other_company"],
        )
        assert other != first


class TestSave:
    def test_it_keeps_valid_answers_and_reports_invalid_ones(self) -> None:
        response = ResponseFactory()
        QuestionFactory(section__version=response.version, code="age", number=True, max_value=120)
        QuestionFactory(section__version=response.version, code="name")
        errors = response_save(
            actor=ANONYMOUS,
            response=response,
            raw_answers={"age": ["cent cinquante"], "name": ["Line"], "ghost": ["x"]},
        )
        assert errors == {
            "age": "Indiquez un nombre, par exemple 12 ou 12,5.",
            "ghost": "Cette question ne fait pas partie du questionnaire.",
        }
        assert dict(response.answers.values_list("question__code", "value")) == {"name": "Line"}

    def test_saving_again_replaces_and_an_empty_answer_clears(self) -> None:
        response = ResponseFactory()
        QuestionFactory(section__version=response.version, code="name")
        response_save(actor=ANONYMOUS, response=response, raw_answers={"name": ["Line"]})
        response_save(actor=ANONYMOUS, response=response, raw_answers={"name": ["Léa"]})
        assert Answer.objects.get(response=response).value == "Léa"
        response_save(actor=ANONYMOUS, response=response, raw_answers={"name": [""]})
        assert not Answer.objects.filter(response=response).exists()

    def test_the_first_saved_answer_freezes_the_version(self) -> None:
        response = ResponseFactory()
        QuestionFactory(section__version=response.version, code="name")
        assert not response.version.is_frozen
        with at(datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC)):
            response_save(actor=ANONYMOUS, response=response, raw_answers={"name": ["Line"]})
        response.version.refresh_from_db()
        assert response.version.frozen_at == datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC)

    def test_only_invalid_answers_do_not_freeze_the_version(self) -> None:
        response = ResponseFactory()
        QuestionFactory(section__version=response.version, code="age", number=True)
        response_save(actor=ANONYMOUS, response=response, raw_answers={"age": ["?"]})
        response.version.refresh_from_db()
        assert not response.version.is_frozen

    def test_a_sent_response_cannot_change(self) -> None:
        response = ResponseFactory(status=Response.Status.SUBMITTED)
        QuestionFactory(section__version=response.version, code="name")
        with pytest.raises(ResponseError, match="déjà été envoyée"):
            response_save(actor=ANONYMOUS, response=response, raw_answers={"name": ["Line"]})

    def test_the_commune_answer_places_the_response(self, public_campaign: Campaign) -> None:
        response, _token = response_start(actor=ANONYMOUS, campaign=public_campaign)
        response_save(actor=ANONYMOUS, response=response, raw_answers={"commune": ["97213"]})
        response.refresh_from_db()
        assert response.commune is not None
        assert response.commune.insee_code == "97213"


class TestSubmit:
    def test_every_shown_required_question_must_be_answered(
        self, public_campaign: Campaign
    ) -> None:
        response, _token = response_start(actor=ANONYMOUS, campaign=public_campaign)
        response_save(actor=ANONYMOUS, response=response, raw_answers={"obstacles": ["other"]})
        errors = response_submit(actor=ANONYMOUS, response=response)
        assert "level_information" in errors
        assert errors["commune"] == "Merci de répondre à cette question."
        assert "obstacle_other" not in errors  # shown, but optional
        response.refresh_from_db()
        assert response.status == Response.Status.DRAFT

    def test_it_scores_the_maturity_questionnaire_as_computed_by_hand(
        self, world: World, maturity_campaign: Campaign
    ) -> None:
        company = world.organisations["company"]
        actor = world.actor("company")
        response, _token = response_start(actor=actor, campaign=maturity_campaign, company=company)
        assert response_save(actor=actor, response=response, raw_answers=MATURITY_ANSWERS) == {}
        with at(datetime.datetime(2026, 5, 4, 15, tzinfo=datetime.UTC)):
            assert response_submit(actor=actor, response=response) == {}
        response.refresh_from_db()
        assert response.status == Response.Status.SUBMITTED
        assert response.submitted_at == datetime.datetime(2026, 5, 4, 15, tzinfo=datetime.UTC)
        assert response.scores == {
            "dimensions": {
                "strategy": 56,
                "readiness": 30,
                "human": 57,
                "data": 78,
                "automation": 14,
                "green": 63,
            },
            # (56 + 30 + 57 + 78 + 14 + 63) / 6 = 49.67 → 50
            "overall": 50,
            "band": "progressing",
        }

    def test_it_turns_the_skill_needs_into_rows(
        self, world: World, maturity_campaign: Campaign
    ) -> None:
        company = world.organisations["company"]
        actor = world.actor("company")
        response, _token = response_start(actor=actor, campaign=maturity_campaign, company=company)
        response_save(actor=actor, response=response, raw_answers=MATURITY_ANSWERS)
        with at(datetime.datetime(2026, 5, 4, 15, tzinfo=datetime.UTC)):
            response_submit(actor=actor, response=response)
        needs = {
            (
                need.competence.code if need.competence else need.occupation.code_rome,  # type: ignore[union-attr]
                need.headcount,
                need.horizon,
                need.mode,
            )
            for need in SkillNeed.objects.filter(company=company)
        }
        assert needs == {
            ("4.1", 3, Horizon.UNDER_6_MONTHS, NeedMode.TRAIN),
            ("4.2", 3, Horizon.UNDER_6_MONTHS, NeedMode.TRAIN),
            ("M1805", 1, Horizon.OVER_12_MONTHS, NeedMode.RECRUIT),
        }
        assert set(SkillNeed.objects.values_list("recorded_on", flat=True)) == {
            datetime.date(2026, 5, 4)
        }

    def test_answers_to_hidden_questions_are_dropped(
        self, world: World, maturity_campaign: Campaign
    ) -> None:
        company = world.organisations["company"]
        actor = world.actor("company")
        response, _token = response_start(actor=actor, campaign=maturity_campaign, company=company)
        response_save(actor=actor, response=response, raw_answers=MATURITY_ANSWERS)
        response_save(actor=actor, response=response, raw_answers={"need_mode": ["train"]})
        response_submit(actor=actor, response=response)
        assert not Answer.objects.filter(
            response=response, question__code="recruit_skills"
        ).exists()
        assert set(SkillNeed.objects.values_list("mode", flat=True)) == {NeedMode.TRAIN}

    def test_a_response_is_sent_only_once(self) -> None:
        response = ResponseFactory()
        assert response_submit(actor=ANONYMOUS, response=response) == {}
        with pytest.raises(ResponseError):
            response_submit(actor=ANONYMOUS, response=response)

    def test_a_public_response_records_no_need(self, public_campaign: Campaign) -> None:
        response, _token = response_start(actor=ANONYMOUS, campaign=public_campaign)
        response_save(
            actor=ANONYMOUS,
            response=response,
            raw_answers={
                "level_information": ["4"],
                "level_communication": ["3"],
                "level_creation": ["2"],
                "level_security": ["1"],
                "level_problems": ["1"],
                "obstacles": ["cost"],
                "preferred_format": ["hybrid"],
                "availability": ["saturday"],
                "commune": ["97209"],
                "age_band": ["75_plus"],
            },
        )
        assert response_submit(actor=ANONYMOUS, response=response) == {}
        response.refresh_from_db()
        # Scales of 1 to 4: (value − 1) / 3 → 100, 67, 33, 0, 0; mean 40.
        assert response.scores["dimensions"] == {
            "digcomp-1": 100,
            "digcomp-2": 67,
            "digcomp-3": 33,
            "digcomp-4": 0,
            "digcomp-5": 0,
        }
        assert response.scores["overall"] == 40
        assert not SkillNeed.objects.exists()


def test_the_database_keeps_one_response_per_company_and_campaign() -> None:
    from django.db import IntegrityError

    company = OrganisationFactory(company=True)
    response = ResponseFactory(company=company)
    with pytest.raises(IntegrityError):
        ResponseFactory(company=company, campaign=response.campaign)
