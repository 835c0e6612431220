"""Time the public catalogue page with 5,000 programmes and 20,000 sessions (issue 4: p95 < 100 ms).

Each measure runs in a subprocess on a fresh database: SQLite always, PostgreSQL too when
BENCH_POSTGRES_URL is set (a database it may drop and create). For a mix of searches it times
the whole view (middleware, filters, template) through Django's test client, and the search alone
as the view runs it (filter form, `catalogue_page`: the count and one page of 20 cards with their
audiences, fundings and next session; no template).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from bench.databases import inner_figures, on_each_database

PROGRAMMES = 5_000
SESSIONS = 20_000
ROUNDS = 40
WORDS = ["développeur", "cybersécurité", "données", "cloud", "réseaux", "bureautique", "tablette"]


def _queries(today: str, siren: str) -> list[dict[str, str]]:
    return [
        {"q": "developpeur", "domain": "web"},
        {"audience": "seniors", "funding": "free"},
        {"epci": siren, "starts_after": today},
        {"labelled": "on", "certifying": "on"},
        {"q": "Cybersécurité", "commune": "97209", "format": "in_person"},
        {"q": "donnees", "funding": "cpf", "page": "3"},
        # Words people type (issue 9): an audience, a title word with its accents, an entry level.
        {"q": "seniors"},
        {"q": "développeur"},
        {"q": "débutant tablette"},
    ]


def _seed() -> None:
    from django.utils import timezone

    from lakou.accounts.models import Organisation
    from lakou.territory.models import Commune
    from lakou.training.models import (
        Audience,
        Domain,
        EntryLevel,
        Format,
        Funding,
        Programme,
        ProgrammeAudience,
        ProgrammeFunding,
        Session,
    )
    from lakou.training.services.catalogue import programmes_reindex

    rng = random.Random(4)
    today = timezone.localdate()
    communes = list(Commune.objects.all())
    # With what LHEO requires (activity number, address), so that catalogue-export writes them all.
    providers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisme {n}",
            kind=Organisation.Kind.PROVIDER,
            activity_number=f"9797000{n:04d}",
            street_address=f"{n + 1} rue du Banc d'essai",
            commune=communes[n % len(communes)],
        )
        for n in range(40)
    )
    programmes = []
    for number in range(PROGRAMMES):
        title = f"{rng.choice(WORDS).capitalize()} niveau {number % 7} — parcours {number}"
        provider = rng.choice(providers)
        labelled = rng.random() < 0.3
        domain = rng.choice(Domain.values)
        programmes.append(
            Programme(
                provider=provider,
                title=title,
                objective=f"Apprendre {rng.choice(WORDS)} et {rng.choice(WORDS)}.",
                domain=domain,
                format=rng.choice(Format.values),
                duration_hours=rng.randint(7, 600),
                certification_kind=rng.choice(["none", "none", "rncp", "rs"]),
                certification_code="RNCP1234",
                price=Decimal(rng.randrange(0, 6000, 100)),
                is_published=rng.random() < 0.9,
                status=Programme.Status.LABELLED if labelled else Programme.Status.DRAFT,
                labelled_at=today if labelled else None,
                label_expires_at=today + timedelta(days=rng.randint(-100, 700))
                if labelled
                else None,
                entry_level=rng.choice(EntryLevel.values),
            )
        )
    programmes = Programme.objects.bulk_create(programmes, batch_size=1000)
    ProgrammeAudience.objects.bulk_create(
        (
            ProgrammeAudience(programme=p, audience=code)
            for p in programmes
            for code in rng.sample(Audience.values, 2)
        ),
        batch_size=2000,
    )
    ProgrammeFunding.objects.bulk_create(
        (
            ProgrammeFunding(programme=p, funding=code)
            for p in programmes
            for code in rng.sample(Funding.values, 2)
        ),
        batch_size=2000,
    )
    sessions = []
    for _ in range(SESSIONS):
        starts_on = today + timedelta(days=rng.randint(-120, 300))
        remote = rng.random() < 0.2
        sessions.append(
            Session(
                programme=rng.choice(programmes),
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=rng.randint(0, 60)),
                seats=12,
                is_remote=remote,
                commune=None if remote else rng.choice(communes),
                status=rng.choice(["open", "open", "planned", "full", "cancelled"]),
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    programmes_reindex(Programme.objects.all())


def inner() -> None:
    """Runs inside the subprocess, with DATABASE_URL pointing to a migrated database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from lakou.territory.models import Epci
    from lakou.training.forms.catalogue import CatalogueFilterForm
    from lakou.training.services.catalogue import catalogue_page
    from lakou.training.views.catalogue import CATALOGUE_PAGE_SIZE

    _seed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    url = reverse("training:catalogue")
    siren = Epci.objects.order_by("siren").values_list("siren", flat=True).first() or ""
    queries = _queries(timezone.localdate().isoformat(), siren)
    for query in queries:  # warm up
        assert client.get(url, query).status_code == 200
    view_ms, queryset_ms = [], []
    for _ in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            client.get(url, query)
            view_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            form = CatalogueFilterForm(query)
            page = catalogue_page(form.query(), query.get("page"), per_page=CATALOGUE_PAGE_SIZE)
            list(page.object_list)
            queryset_ms.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"view": _summary(view_ms), "search_and_page": _summary(queryset_ms)}))


def _summary(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
    }


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "data": (
            f"{PROGRAMMES} programmes, {SESSIONS} sessions; the catalogue view, "
            f"{len(_queries('', ''))} filtered searches"
        ),
        "target": "p95 < 100 ms on PostgreSQL",
    }
    return figures | on_each_database(partial(inner_figures, "bench.catalogue_search"))


if __name__ == "__main__":
    inner()
