"""Hourly counters of the public forms, kept in the shared (database) cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from lakou.core.throttle import HOUR, Limit, client_address, throttle_hit
from lakou.diagnostics.models import Response
from tests.diagnostics.factories_campaigns import open_campaign

pytestmark = pytest.mark.django_db

# An instant ten seconds into an hour window of the throttle's clock.
WINDOW_START = 1_800_000_000 - 1_800_000_000 % HOUR
T0 = WINDOW_START + 10


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def hit(value: str = "192.0.2.1", *, limit: int = 2, now: float = T0) -> bool:
    return throttle_hit("test", [Limit("client", value, limit)], now=now)


def test_it_refuses_past_the_limit_within_the_hour() -> None:
    assert [hit(now=T0 + n) for n in range(3)] == [False, False, True]


def test_a_new_hour_starts_a_new_count() -> None:
    hit(), hit(), hit()
    assert hit(now=WINDOW_START + HOUR) is False


def test_each_value_has_its_own_count() -> None:
    hit(), hit()
    assert hit("192.0.2.1") is True
    assert hit("192.0.2.2") is False


def test_one_limit_past_is_enough_to_refuse() -> None:
    limits = [Limit("client", "192.0.2.1", 10), Limit("address", "line@exemple.mq", 1)]
    assert throttle_hit("test", limits, now=T0) is False
    assert throttle_hit("test", limits, now=T0) is True


def test_a_long_address_makes_a_valid_cache_key() -> None:
    # Warnings are errors: a key over 250 characters would raise CacheKeyWarning.
    long_address = "x" * 240 + "@exemple.mq"
    assert hit(long_address, limit=1) is False
    assert hit(long_address, limit=1) is True


def test_a_count_lasts_the_whole_hour_however_slow_the_attempts() -> None:
    """The cache's default expiry is 5 minutes: a count must not vanish between two attempts."""
    hit(limit=1)
    six_minutes_later = timezone.now() + dt.timedelta(minutes=6)
    with mock.patch("django.core.cache.backends.db.tz_now", return_value=six_minutes_later):
        assert hit(limit=1, now=T0 + 360) is True


def test_new_public_responses_stay_counted_for_the_hour(settings: Any) -> None:
    """The public questionnaire's start limit, one start every six minutes (the old counter
    expired five minutes after its last attempt, so a slow flood was never refused)."""
    settings.DIAGNOSTIC_STARTS_PER_HOUR = 1
    campaign = open_campaign()
    url = reverse("diagnostics:respond_start", kwargs={"short_code": campaign.short_code})
    with mock.patch("lakou.core.throttle._now", return_value=T0):
        assert Client().post(url).status_code == 302

    six_minutes_later = timezone.now() + dt.timedelta(minutes=6)
    with (
        mock.patch("django.core.cache.backends.db.tz_now", return_value=six_minutes_later),
        mock.patch("lakou.core.throttle._now", return_value=T0 + 360),
    ):
        refused = Client().post(url)

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Trop de réponses depuis cette connexion" in html
    assert "Retour à la campagne" in html
    assert Response.objects.count() == 1


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(
    settings: pytest.FixtureRequest,
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert client_address(request) == "10.0.0.1"
