"""The federation's quality label: submit, label or refuse with a reason, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lakou.core.models import AuditEntry
from lakou.training.errors import TrainingError
from lakou.training.models import Programme
from lakou.training.services.catalogue import (
    programme_label,
    programme_refuse_label,
    programme_submit_for_label,
)
from tests.training.factories import federation_actor, make_programme, provider_actor
from tests.world import World

pytestmark = pytest.mark.django_db


def submitted() -> tuple[Programme, object]:
    actor = provider_actor()
    programme = make_programme(actor=actor)
    return programme_submit_for_label(actor=actor, programme=programme), actor


def test_a_submitted_programme_waits_in_the_federation_queue() -> None:
    programme, _actor = submitted()
    assert programme.status == Programme.Status.SUBMITTED
    assert list(Programme.objects.awaiting_label()) == [programme]


def test_the_federation_labels_it_for_the_configured_duration(settings: object) -> None:
    settings.LABEL_VALIDITY_DAYS = 365  # type: ignore[attr-defined]
    programme, _actor = submitted()
    programme_label(actor=federation_actor(), programme=programme)
    today = timezone.localdate()
    assert programme.status == Programme.Status.LABELLED
    assert programme.labelled_at == today
    assert programme.label_expires_at == today + timedelta(days=365)
    assert list(Programme.objects.labelled()) == [programme]
    assert AuditEntry.objects.filter(action="programme.label").count() == 1


def test_the_label_lasts_730_days_by_default() -> None:
    programme, _actor = submitted()
    programme_label(actor=federation_actor(), programme=programme)
    assert programme.label_expires_at == timezone.localdate() + timedelta(days=730)


def test_a_label_past_its_expiry_no_longer_counts(client: Client) -> None:
    programme, _actor = submitted()
    programme_label(actor=federation_actor(), programme=programme)
    Programme.objects.filter(pk=programme.pk).update(
        label_expires_at=timezone.localdate() - timedelta(days=1)
    )
    assert not Programme.objects.labelled().exists()
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Labellisé par la fédération" not in page
    catalogue = client.get(reverse("training:catalogue"), {"labelled": "on"}).content.decode()
    assert programme.title not in catalogue


def test_a_valid_label_shows_its_badge_and_expiry(client: Client) -> None:
    programme, _actor = submitted()
    programme_label(actor=federation_actor(), programme=programme)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Labellisé par la fédération" in page
    assert f"{programme.label_expires_at:%d/%m/%Y}" in page
    catalogue = client.get(reverse("training:catalogue")).content.decode()
    assert "Labellisé par la fédération" in catalogue


def test_the_federation_refuses_with_a_reason_the_provider_reads() -> None:
    programme, actor = submitted()
    programme_refuse_label(
        actor=federation_actor(), programme=programme, reason="Évaluation non décrite."
    )
    assert programme.status == Programme.Status.REFUSED
    assert programme.refusal_reason == "Évaluation non décrite."
    again = programme_submit_for_label(actor=actor, programme=programme)
    assert again.status == Programme.Status.SUBMITTED


def test_a_refusal_needs_a_reason() -> None:
    programme, _actor = submitted()
    with pytest.raises(TrainingError):
        programme_refuse_label(actor=federation_actor(), programme=programme, reason="  ")


def test_only_a_submitted_programme_gets_a_decision() -> None:
    programme = make_programme()
    with pytest.raises(TrainingError):
        programme_label(actor=federation_actor(), programme=programme)


def test_a_provider_cannot_label_its_own_programme() -> None:
    programme, actor = submitted()
    with pytest.raises(PermissionDenied):
        programme_label(actor=actor, programme=programme)  # type: ignore[arg-type]


def test_a_provider_cannot_submit_another_providers_programme() -> None:
    programme = make_programme()
    with pytest.raises(PermissionDenied):
        programme_submit_for_label(actor=provider_actor(), programme=programme)


def test_submitting_twice_is_refused() -> None:
    programme, actor = submitted()
    with pytest.raises(TrainingError):
        programme_submit_for_label(actor=actor, programme=programme)  # type: ignore[arg-type]


def test_the_federation_labels_from_its_queue_page() -> None:
    world = World.build()
    actor = world.actor("provider")
    programme = make_programme(actor=actor, title="Analyste cybersécurité")
    world.client("provider").post(reverse("training:programme_submit", args=[programme.pk]))
    federation = world.client("federation")
    queue = federation.get(reverse("training:label_queue")).content.decode()
    assert "Analyste cybersécurité" in queue
    federation.post(reverse("training:programme_label", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.is_labelled


def test_the_refusal_form_requires_a_reason_and_shows_it_to_the_provider() -> None:
    world = World.build()
    actor = world.actor("provider")
    programme = make_programme(actor=actor)
    programme_submit_for_label(actor=actor, programme=programme)
    url = reverse("training:programme_refuse", args=[programme.pk])
    federation = world.client("federation")
    assert federation.post(url, {"reason": ""}).status_code == 400
    federation.post(url, {"reason": "Durée incohérente avec le contenu."})
    page = world.client("provider").get(programme.get_absolute_url()).content.decode()
    assert "Label refusé" in page
    assert "Durée incohérente avec le contenu." in page
