"""Time the whole « Propositions pour moi » page (issue 13: ≤ 150 ms) on the demo's data.

In a subprocess on a fresh SQLite database (and PostgreSQL when BENCH_POSTGRES_URL is set): the
demo is seeded (`seed_all`, demo scale), a person with a profile signs in, and the page is
loaded through Django's test client: once cold (the opportunity table is built), then ROUNDS
times warm (the table kept by the process), all kinds and each kind filter.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from functools import partial
from typing import Any

from bench.databases import inner_figures, on_each_database

ROUNDS = 30
FILTERS = ("", "training", "internship", "job", "mentoring", "workshop")


def _person() -> Any:
    """A demo profile, or one made here when the demo has none (a job seeker of Fort-de-France
    aiming at a digital occupation, with a few declared competences)."""
    from lakou.accounts.models import User
    from lakou.matching.models import CompetenceSource, Profile, ProfileCompetence
    from lakou.skills.models import Competence, Occupation
    from lakou.territory.models import Commune

    profile = Profile.objects.select_related("user").order_by("pk").first()
    if profile is not None:
        return profile.user
    user = User.objects.create_user(email="banc-propositions@lakou.test")
    profile = Profile.objects.create(
        user=user,
        commune=Commune.objects.get(insee_code="97209"),
        situation="job_seeker",
        max_travel_minutes=60,
    )
    for competence in Competence.objects.filter(framework__code="digcomp").order_by("pk")[:6]:
        ProfileCompetence.objects.create(
            profile=profile, competence=competence, level=4, source=CompetenceSource.SELF
        )
    profile.target_occupations.set(Occupation.objects.filter(code_rome__startswith="M18")[:2])
    return user


def inner() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    django.setup()
    import random

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from lakou.core.demo import SCALES, seed_all
    from lakou.core.notifications import emails_held_back
    from lakou.matching.services.opportunities import opportunity_table

    call_command("createcachetable")  # the demo's throttles use the database cache
    with emails_held_back():
        seed_all(scale=SCALES["demo"], seed=random.Random(13).randint(0, 1000))
    user = _person()
    client = Client()
    client.force_login(user)
    url = reverse("matching:suggestions")
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    cold = (time.perf_counter() - started) * 1000
    table = opportunity_table().table
    timings: dict[str, list[float]] = {name or "all": [] for name in FILTERS}
    for _ in range(ROUNDS):
        for kind in FILTERS:
            started = time.perf_counter()
            response = client.get(url, {"kind": kind} if kind else {})
            timings[kind or "all"].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    print(
        json.dumps(
            {
                "opportunities": table.size,
                "cold_first_page_ms": round(cold, 1),
                "warm_median_ms": {k: round(statistics.median(v), 1) for k, v in timings.items()},
                "warm_p95_all_ms": round(sorted(timings["all"])[int(ROUNDS * 0.95) - 1], 1),
            }
        )
    )


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "data": "the demo (seed_all, demo scale); one person's page, all kinds and each filter",
        "target": "≤ 150 ms (median, warm table)",
    }
    return figures | on_each_database(partial(inner_figures, "bench.matching_page"))


if __name__ == "__main__":
    inner()
