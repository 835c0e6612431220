from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import factory

from lakou.diagnostics.models import (
    Answer,
    Audience,
    Campaign,
    Choice,
    Dimension,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)
from tests.accounts.factories import OrganisationFactory


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"questionnaire-{n}")
    title = factory.Sequence(lambda n: f"Questionnaire {n}")
    audience = Audience.PUBLIC

    class Params:
        companies = factory.Trait(audience=Audience.COMPANIES)


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireVersion

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    number = factory.Sequence(lambda n: n + 1)
    is_published = True

    class Params:
        frozen = factory.Trait(
            frozen_at=factory.LazyFunction(
                lambda: datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
            )
        )


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    version = factory.SubFactory(VersionFactory)
    code = factory.Sequence(lambda n: f"dimension-{n}")
    label = factory.Sequence(lambda n: f"Dimension {n}")
    position = factory.Sequence(lambda n: n)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"question_{n}")
    kind = Question.Kind.SHORT_TEXT
    label = factory.Sequence(lambda n: f"Question {n} ?")

    class Params:
        single = factory.Trait(kind=Question.Kind.SINGLE_CHOICE)
        multiple = factory.Trait(kind=Question.Kind.MULTIPLE_CHOICE)
        scale = factory.Trait(kind=Question.Kind.SCALE, min_value=1, max_value=4)
        number = factory.Trait(kind=Question.Kind.NUMBER)
        yes_no = factory.Trait(kind=Question.Kind.YES_NO)
        commune = factory.Trait(kind=Question.Kind.COMMUNE)
        skill_level = factory.Trait(kind=Question.Kind.SKILL_LEVEL)
        long_text = factory.Trait(kind=Question.Kind.LONG_TEXT)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, single=True)
    position = factory.Sequence(lambda n: n)
    value = factory.Sequence(lambda n: f"choice-{n}")
    label = factory.Sequence(lambda n: f"Réponse {n}")
    points = Decimal(0)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campagne {n}")
    version = factory.SubFactory(VersionFactory)
    audience = factory.SelfAttribute("version.questionnaire.audience")
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 6, 30)
    status = Campaign.Status.OPEN
    owner = factory.SubFactory(OrganisationFactory, federation=True)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    campaign = factory.SubFactory(CampaignFactory)
    version = factory.SelfAttribute("campaign.version")
    resume_token_hash = factory.Sequence(
        lambda n: hashlib.sha256(f"jeton-{n}".encode()).hexdigest()
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    value = "réponse"


def load_reference_data() -> None:
    """The real communes, DigComp competences and ROME occupations of `data/`."""
    from django.conf import settings

    from lakou.skills.loaders import load_reference_skills
    from lakou.territory.loaders import load_reference_territory

    load_reference_territory(settings.DATA_DIR)
    load_reference_skills(settings.DATA_DIR)
