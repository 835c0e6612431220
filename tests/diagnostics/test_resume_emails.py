"""The "finish later" e-mail of a public draft: one address per draft, a few sends per hour."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lakou.diagnostics.models import Answer, Campaign, Response
from tests.diagnostics.factories_campaigns import open_campaign
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign() -> Campaign:
    CommuneFactory()
    return open_campaign()


def queued_recipients() -> list[list[str]]:
    """The recipients of the e-mails waiting for the worker, oldest first."""
    results = DBTaskResult.objects.filter(task_path="lakou.core.tasks.send_email").order_by(
        "enqueued_at"
    )
    return [result.args_kwargs["kwargs"]["to"] for result in results]


def draft_with_an_answer(client: Client, campaign: Campaign) -> Response:
    client.post(reverse("diagnostics:respond_start", kwargs={"short_code": campaign.short_code}))
    response = Response.objects.filter(campaign=campaign).latest("pk")
    client.post(
        reverse("diagnostics:respond_step", kwargs={"pk": response.pk, "step": 1}),
        {"q_has_computer": "no", "action": "later"},
    )
    return response


def ask_link(
    client: Client, response: Response, email: str, capture: CaptureOnCommit
) -> HttpResponse:
    with capture(execute=True):
        page: HttpResponse = client.post(
            reverse("diagnostics:respond_later", kwargs={"pk": response.pk}), {"email": email}
        )
    return page


def test_the_link_goes_to_the_first_address_and_to_no_other(
    campaign: Campaign, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    client = Client()
    draft = draft_with_an_answer(client, campaign)
    statuses = [
        ask_link(client, draft, f"personne{n}@exemple.mq", django_capture_on_commit_callbacks)
        for n in range(1, 6)
    ]

    assert [page.status_code for page in statuses] == [302, 400, 400, 400, 400]
    assert queued_recipients() == [["personne1@exemple.mq"]]
    refused = statuses[1].content.decode()
    assert "Le lien de cette réponse a déjà été envoyé à l&#x27;adresse p•••@exemple.mq" in refused
    assert 'value="personne2@exemple.mq"' in refused
    draft.refresh_from_db()
    assert draft.resume_email == "personne1@exemple.mq"


def test_the_same_address_gets_the_link_again_until_the_hourly_limit(
    campaign: Campaign, settings: Any, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    settings.DIAGNOSTIC_RESUME_EMAIL_LIMITS = {"draft": 2}
    client = Client()
    draft = draft_with_an_answer(client, campaign)
    pages = [
        ask_link(client, draft, address, django_capture_on_commit_callbacks)
        for address in ("line@exemple.mq", "Line@Exemple.mq", "line@exemple.mq")
    ]

    assert [page.status_code for page in pages] == [302, 302, 429]
    assert queued_recipients() == [["line@exemple.mq"], ["line@exemple.mq"]]
    refused = pages[2].content.decode()
    assert "Trop d&#x27;envois du lien au cours de la dernière heure" in refused
    assert "Vos réponses et l&#x27;adresse saisie sont gardées" in refused
    assert 'value="line@exemple.mq"' in refused  # the form keeps what was typed
    assert "Aller au contenu" in refused  # the site's layout, not a bare error
    assert Answer.objects.filter(response=draft, question__code="has_computer").exists()


def test_one_client_address_cannot_send_links_from_many_drafts(
    campaign: Campaign, settings: Any, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    settings.DIAGNOSTIC_RESUME_EMAIL_LIMITS = {"client": 3}
    pages = []
    for n in range(5):
        client = Client()  # a fresh browser each time, from the same connection
        draft = draft_with_an_answer(client, campaign)
        pages.append(
            ask_link(client, draft, f"inconnu{n}@exemple.mq", django_capture_on_commit_callbacks)
        )

    assert [page.status_code for page in pages] == [302, 302, 302, 429, 429]
    assert len(queued_recipients()) == 3
    assert "Trop d&#x27;envois du lien" in pages[3].content.decode()
    # Another connection is not held back.
    other = Client(REMOTE_ADDR="192.0.2.7")
    draft = draft_with_an_answer(other, campaign)
    page = ask_link(other, draft, "moi@exemple.mq", django_capture_on_commit_callbacks)
    assert page.status_code == 302
    assert len(queued_recipients()) == 4
    assert ["moi@exemple.mq"] in queued_recipients()


def test_one_address_cannot_be_sent_links_from_many_drafts(
    campaign: Campaign, settings: Any, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    settings.DIAGNOSTIC_RESUME_EMAIL_LIMITS = {"address": 2}
    statuses = []
    for n in range(3):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 10}")
        draft = draft_with_an_answer(client, campaign)
        page = ask_link(client, draft, "cible@exemple.mq", django_capture_on_commit_callbacks)
        statuses.append(page.status_code)

    assert statuses == [302, 302, 429]
    assert queued_recipients() == [["cible@exemple.mq"], ["cible@exemple.mq"]]


def test_a_sent_response_forgets_the_address(
    campaign: Campaign, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    client = Client()
    draft = draft_with_an_answer(client, campaign)
    ask_link(client, draft, "line@exemple.mq", django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert draft.resume_email == "line@exemple.mq"
    client.post(
        reverse("diagnostics:respond_step", kwargs={"pk": draft.pk, "step": 1}),
        {"q_has_computer": "no", "q_commune": "97209"},
    )
    client.post(
        reverse("diagnostics:respond_step", kwargs={"pk": draft.pk, "step": 2}),
        {"q_confidence": "3"},
    )
    client.post(reverse("diagnostics:respond_submit", kwargs={"pk": draft.pk}))

    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED
    assert draft.resume_email == ""
