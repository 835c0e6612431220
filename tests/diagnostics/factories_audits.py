"""Factories for audits, skill needs and the registry companies they are about."""

from __future__ import annotations

import datetime as dt

import factory

from lakou.accounts.models import Organisation
from lakou.diagnostics.models import (
    Audience,
    Audit,
    Campaign,
    Horizon,
    NeedMode,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    SkillNeed,
)
from tests.accounts.factories import OrganisationFactory
from tests.skills.factories import CompetenceFactory
from tests.territory.factories import CommuneFactory


class RegistryCompanyFactory(OrganisationFactory):
    """A company of the registry, in Fort-de-France unless told otherwise."""

    kind = Organisation.Kind.COMPANY
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    commune = factory.SubFactory(CommuneFactory)
    naf_code = "62.01Z"


class AuditorFactory(OrganisationFactory):
    kind = Organisation.Kind.AUDITOR
    name = factory.Sequence(lambda n: f"Cabinet {n}")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    auditor = factory.SubFactory(AuditorFactory)
    company = factory.SubFactory(RegistryCompanyFactory)
    audited_on = dt.date(2026, 3, 10)
    method = Audit.Method.ON_SITE
    scores = factory.LazyFunction(
        lambda: {
            "strategy": 40,
            "readiness": 50,
            "human": 60,
            "data": 30,
            "automation": 20,
            "green": 10,
        }
    )


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire
        django_get_or_create = ("slug",)

    slug = "maturite-test"
    title = "Maturité numérique (test)"
    audience = Audience.COMPANIES


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireVersion
        django_get_or_create = ("questionnaire", "number")

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    number = 1
    is_published = True


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campagne {n}")
    version = factory.SubFactory(VersionFactory)
    audience = Audience.COMPANIES
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 12, 31)
    status = Campaign.Status.OPEN
    owner = factory.SubFactory(OrganisationFactory, federation=True)

    class Params:
        public = factory.Trait(audience=Audience.PUBLIC)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    campaign = factory.SubFactory(CampaignFactory)
    version = factory.SelfAttribute("campaign.version")
    company = factory.SubFactory(RegistryCompanyFactory)
    resume_token_hash = factory.Sequence(lambda n: f"{n:064d}")
    status = Response.Status.SUBMITTED
    submitted_at = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)

    class Params:
        draft = factory.Trait(status=Response.Status.DRAFT, submitted_at=None)


class SkillNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillNeed

    audit = factory.SubFactory(AuditFactory)
    company = factory.SelfAttribute("audit.company")
    competence = factory.SubFactory(CompetenceFactory)
    level = "4"
    headcount = 2
    horizon = Horizon.UNDER_6_MONTHS
    mode = NeedMode.TRAIN
    recorded_on = factory.SelfAttribute("audit.audited_on")
