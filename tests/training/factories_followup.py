"""Certificates built directly (token is any string) and their scheduled follow-ups."""

from __future__ import annotations

import uuid
from datetime import date

from lakou.accounts.models import Organisation, User
from lakou.training.models import Certificate, Enrolment, FollowUp
from lakou.training.services.followup import follow_up_create, follow_up_new_token
from tests.accounts.factories import UserFactory
from tests.training.factories import make_programme, make_session


def make_certificate(
    *,
    provider: Organisation | None = None,
    learner: User | None = None,
    issued_on: date = date(2026, 1, 15),
    title: str = "Développeur web",
) -> Certificate:
    programme = make_programme(provider=provider, title=title)
    learner = learner or UserFactory()
    enrolment = Enrolment.objects.create(
        session=make_session(programme), learner=learner, status=Enrolment.Status.COMPLETED
    )
    return Certificate.objects.create(
        uid=uuid.uuid4(),
        enrolment=enrolment,
        learner=learner,
        programme=programme,
        provider=programme.provider,
        learner_name=f"{learner.first_name} {learner.last_name}".strip() or learner.email,
        achievement=programme.title,
        issued_on=issued_on,
        token="test-token",
        kid="test-kid",
    )


def make_follow_up(
    *,
    provider: Organisation | None = None,
    learner: User | None = None,
    issued_on: date = date(2026, 1, 15),
    title: str = "Développeur web",
    **fields: object,
) -> FollowUp:
    """A follow-up scheduled the way certificates schedule it; `fields` then overwrite columns."""
    follow_up = follow_up_create(
        make_certificate(provider=provider, learner=learner, issued_on=issued_on, title=title)
    )
    if fields:
        FollowUp.objects.filter(pk=follow_up.pk).update(**fields)
        follow_up.refresh_from_db()
    return follow_up


def answer_token(follow_up: FollowUp) -> str:
    """The token of a new answer link, as the next questionnaire e-mail would carry it."""
    return follow_up_new_token(follow_up)
