"""Builders for the campaign and answering tests: a small questionnaire, open campaigns."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lakou.accounts.models import Organisation
from lakou.diagnostics.models import Audience, Campaign, QuestionnaireVersion
from lakou.territory.models import Commune, Epci
from tests.accounts.factories import OrganisationFactory
from tests.diagnostics.factories import (
    CampaignFactory,
    ChoiceFactory,
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
    VersionFactory,
)
from tests.territory.factories import CommuneFactory


def small_version(audience: str = Audience.PUBLIC) -> QuestionnaireVersion:
    """Two sections: a yes/no that opens a follow-up, a commune; then a scale and a number."""
    questionnaire = QuestionnaireFactory(
        audience=audience,
        title="Vos besoins numériques" if audience == Audience.PUBLIC else "Maturité numérique",
        description="Quelques questions pour connaître vos besoins.",
    )
    version = VersionFactory(questionnaire=questionnaire)
    first = SectionFactory(version=version, position=1, title="Votre situation")
    has_computer = QuestionFactory(
        section=first,
        position=1,
        code="has_computer",
        label="Avez-vous un ordinateur ?",
        yes_no=True,
    )
    QuestionFactory(
        section=first,
        position=2,
        code="computer_age",
        label="Quel âge a votre ordinateur (en années) ?",
        number=True,
        min_value=0,
        max_value=50,
        shown_if_question=has_computer,
        shown_if_value="yes",
    )
    QuestionFactory(section=first, position=3, code="commune", label="Votre commune", commune=True)
    second = SectionFactory(version=version, position=2, title="Vos attentes")
    QuestionFactory(
        section=second,
        position=1,
        code="confidence",
        label="Êtes-vous à l'aise avec internet ?",
        scale=True,
        min_value=1,
        max_value=4,
    )
    formats = QuestionFactory(
        section=second,
        position=2,
        code="formats",
        label="Quels formats préférez-vous ?",
        multiple=True,
        required=False,
    )
    ChoiceFactory(question=formats, position=1, value="atelier", label="Atelier en groupe")
    ChoiceFactory(question=formats, position=2, value="video", label="Vidéo")
    return version


def open_campaign(
    *,
    audience: str = Audience.PUBLIC,
    version: QuestionnaireVersion | None = None,
    owner: Organisation | None = None,
    **fields: Any,
) -> Campaign:
    today = timezone.localdate()
    fields.setdefault("starts_on", today - datetime.timedelta(days=10))
    fields.setdefault("ends_on", today + datetime.timedelta(days=30))
    fields.setdefault("title", "Vos besoins numériques 2026")
    fields.setdefault("status", Campaign.Status.OPEN)
    return CampaignFactory(
        version=version or small_version(audience),
        audience=audience,
        owner=owner or OrganisationFactory(federation=True),
        **fields,
    )


def two_epcis() -> tuple[Epci, Epci, Commune, Commune]:
    """CACEM with Fort-de-France, CAP Nord with Le Marigot."""
    fort_de_france = CommuneFactory()
    marigot = CommuneFactory(marigot=True)
    return fort_de_france.epci, marigot.epci, fort_de_france, marigot


def company_in(commune: Commune, **fields: Any) -> Organisation:
    fields.setdefault("email", f"contact{Organisation.objects.count()}@exemple.mq")
    return OrganisationFactory(company=True, commune=commune, **fields)
