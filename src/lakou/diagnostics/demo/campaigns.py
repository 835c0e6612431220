"""Demo campaigns: one open company campaign and one open public campaign, with answers.

Everything goes through the services, so the demo's responses are scored and their skill needs
recorded exactly as real ones.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import ANONYMOUS, Actor
from lakou.core.demo import Scale
from lakou.diagnostics.models import Campaign, Question, QuestionnaireVersion
from lakou.diagnostics.services.answers import condition_met, version_questions
from lakou.diagnostics.services.builtin import (
    MATURITY_SLUG,
    PUBLIC_SLUG,
    load_builtin_questionnaires,
)
from lakou.diagnostics.services.campaigns import campaign_create, campaign_open
from lakou.diagnostics.services.responses import response_save, response_start, response_submit
from lakou.territory.models import Commune, Epci

COMPANY_CAMPAIGN = "Maturité numérique des entreprises 2026"
PUBLIC_CAMPAIGN = "Vos besoins numériques 2026"


def _federation_actor() -> Actor:
    membership = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise CommandError("Pas de fédération dans la démo : lancez d'abord le semis des comptes.")
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _latest_version(slug: str) -> QuestionnaireVersion:
    version = (
        QuestionnaireVersion.objects.filter(questionnaire__slug=slug, is_published=True)
        .select_related("questionnaire")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise CommandError(f"Questionnaire intégré introuvable : {slug}")
    return version


def _campaign(actor: Actor, title: str, version: QuestionnaireVersion) -> Campaign:
    existing = Campaign.objects.filter(title=title).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    epcis = list(Epci.objects.order_by("short_name"))
    campaign = campaign_create(
        actor=actor,
        title=title,
        version=version,
        starts_on=today - timedelta(days=45),
        ends_on=today + timedelta(days=75),
        relaying_epcis=epcis,
    )
    return campaign_open(actor=actor, campaign=campaign)


def _raw_answer(
    question: Question, rng: random.Random, communes: list[str], weights: list[int]
) -> list[str]:
    kind = question.kind
    choices = [choice.value for choice in question.choices.all()]
    if kind == Question.Kind.SINGLE_CHOICE and choices:
        return [rng.choice(choices)]
    if kind == Question.Kind.MULTIPLE_CHOICE and choices:
        return rng.sample(choices, k=rng.randint(1, min(3, len(choices))))
    if kind == Question.Kind.SCALE:
        low = question.min_value if question.min_value is not None else 1
        high = question.max_value if question.max_value is not None else 5
        return [str(rng.randint(low, high))]
    if kind == Question.Kind.NUMBER:
        low = question.min_value if question.min_value is not None else 1
        high = question.max_value if question.max_value is not None else low + 10
        return [str(rng.randint(max(low, 1), max(min(high, 10), max(low, 1))))]
    if kind == Question.Kind.YES_NO:
        return [rng.choice(["yes", "no"])]
    if kind == Question.Kind.SKILL_LEVEL:
        return [str(rng.randint(0, 8))]
    if kind == Question.Kind.COMMUNE:
        return [rng.choices(communes, weights=weights)[0]]
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return ["Réponse de démonstration"] if question.required else []
    return []


def _answers(
    questions: list[Question], rng: random.Random, communes: list[str], weights: list[int]
) -> dict[str, list[str]]:
    """Plausible answers that honour the conditions (a follow-up only when its answer opens it)."""
    raw: dict[str, list[str]] = {}
    for question in questions:
        condition = question.shown_if_question
        if condition is not None:
            given = raw.get(condition.code)
            value: Any = given if condition.kind == Question.Kind.MULTIPLE_CHOICE else None
            if value is None and given:
                value = {"yes": True, "no": False}.get(given[0], given[0])
            if not condition_met(value, question.shown_if_value):
                continue
        answer = _raw_answer(question, rng, communes, weights)
        if answer:
            raw[question.code] = answer
    return raw


def _respond(
    campaign: Campaign,
    count: int,
    rng: random.Random,
    companies: list[Organisation] | None = None,
) -> int:
    questions = list(version_questions(campaign.version))
    communes = list(
        Commune.objects.exclude(population__isnull=True)
        .order_by("insee_code")
        .values_list("insee_code", "population")
    )
    codes = [code for code, _population in communes]
    weights = [population or 1 for _code, population in communes]
    submitted = 0
    for index in range(count):
        company = companies[index] if companies is not None else None
        response, _token = response_start(actor=ANONYMOUS, campaign=campaign, company=company)
        if response.status == response.Status.SUBMITTED:
            continue
        errors = response_save(
            actor=ANONYMOUS,
            response=response,
            raw_answers=_answers(questions, rng, codes, weights),
        )
        # A few people stop halfway: the rates only count what was sent.
        if errors or rng.random() < 0.1:
            continue
        if not response_submit(actor=ANONYMOUS, response=response):
            submitted += 1
    return submitted


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Epci.objects.count() != 3:
        raise CommandError("Chargez d'abord les référentiels : lakou load-reference")
    load_builtin_questionnaires()
    actor = _federation_actor()
    company_campaign = _campaign(actor, COMPANY_CAMPAIGN, _latest_version(MATURITY_SLUG))
    public_campaign = _campaign(actor, PUBLIC_CAMPAIGN, _latest_version(PUBLIC_SLUG))

    candidates = list(
        Organisation.objects.companies()
        .filter(is_closed=False, commune__isnull=False)
        .exclude(diagnostic_responses__campaign=company_campaign)
        .order_by("pk")
    )
    answering = rng.sample(candidates, k=min(len(candidates), max(scale.companies // 4, 20), 150))
    company_count = _respond(company_campaign, len(answering), rng, companies=answering)
    already = public_campaign.responses.count()
    wanted = min(250, max(scale.people // 2, 40))
    public_count = _respond(public_campaign, max(0, wanted - already), rng)
    return {
        "campagnes ouvertes": Campaign.objects.filter(status=Campaign.Status.OPEN).count(),
        "réponses d'entreprises envoyées": company_count,
        "réponses du public envoyées": public_count,
    }
