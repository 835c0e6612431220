"""Time sign-up and wrong-password login for a known and an unknown e-mail (issue 8, item 7).

An attacker who can tell the two apart learns who has an account. Each path runs N times,
interleaved, through Django's test client with the production password hasher (not the MD5
one of the tests) and a task backend that only queues (DummyBackend: e-mails queued, never run,
so an e-mail sent inside the request is the only one that costs time). Rate limits are cleared
before each attempt, outside the timing, so that every attempt goes down the whole path.
The figure to watch is the ratio known / unknown of the medians: 1.0 means the same cost.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from bench.databases import on_each_database

N = 20
WARM_UP = 2
PASSWORD = "Kaz-Lakou-2026-solide"  # noqa: S105 (a throwaway password of the measurement)


def _figures(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    # Nearest rank: with 20 samples, p95 is the 19th.
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def _pair(known: list[float], unknown: list[float], calls: dict[str, int]) -> dict[str, Any]:
    k, u = _figures(known), _figures(unknown)
    return {
        "known": k | {"hasher_calls_per_attempt": calls["known"] / N},
        "unknown": u | {"hasher_calls_per_attempt": calls["unknown"] / N},
        "ratio_known_unknown": round(k["median_ms"] / u["median_ms"], 2),
    }


def inner() -> None:
    """Runs inside the subprocess, with DATABASE_URL pointing to a migrated database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lakou.config.settings")
    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.core import mail
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from lakou.accounts.models import User

    setup_test_environment()  # locmem outbox, so an e-mail sent inside the request is counted
    hasher_class = type(get_hasher())
    calls = {"count": 0}
    encode = hasher_class.encode

    def counting_encode(self: Any, *args: Any, **kwargs: Any) -> str:
        calls["count"] += 1
        return encode(self, *args, **kwargs)

    hasher_class.encode = counting_encode  # type: ignore[method-assign]

    encoded = make_password(PASSWORD)
    known = [f"membre{n}@exemple.mq" for n in range(N + WARM_UP)]
    users = User.objects.bulk_create(User(email=email, password=encoded) for email in known)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )

    client = Client()
    signup_url, login_url = reverse("account_signup"), reverse("account_login")

    def attempt(url: str, data: dict[str, str]) -> tuple[float, int, int]:
        cache.clear()
        client.cookies.clear()
        mail.outbox.clear()
        before = calls["count"]
        started = time.perf_counter()
        response = client.post(url, data)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code in (200, 302), response.status_code
        return elapsed, calls["count"] - before, len(mail.outbox)

    figures: dict[str, Any] = {}
    paths = {
        "signup": lambda who, n: (
            signup_url,
            {
                "email": known[n] if who == "known" else f"nouveau{n}@exemple.mq",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        ),
        "login_wrong_password": lambda who, n: (
            login_url,
            {
                "login": known[n] if who == "known" else f"inconnu{n}@exemple.mq",
                "password": "pas-le-bon-mot-de-passe",
            },
        ),
    }
    for name, build in paths.items():
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        counted = {"known": 0, "unknown": 0}
        inline_mails = {"known": 0, "unknown": 0}
        for n in range(N + WARM_UP):
            for who in ("known", "unknown"):
                elapsed, hashed, mailed = attempt(*build(who, n))
                if n >= WARM_UP:
                    timings[who].append(elapsed)
                    counted[who] += hashed
                    inline_mails[who] += mailed
        figures[name] = _pair(timings["known"], timings["unknown"], counted)
        for who in ("known", "unknown"):
            figures[name][who]["emails_sent_inside_request"] = inline_mails[who] / N
    figures["hasher"] = f"{hasher_class.__name__} ({getattr(hasher_class, 'iterations', '?')})"
    figures["password_hashers"] = settings.PASSWORD_HASHERS[0]
    print(json.dumps(figures))


def _measure(database_url: str, var_dir: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LAKOU_VAR_DIR": var_dir,
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    for args in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "lakou.manage", *args],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    output = subprocess.run(
        [sys.executable, "-m", "bench.auth_timing"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def run() -> dict[str, Any]:
    figures: dict[str, Any] = {
        "data": f"{N} attempts per path (after {WARM_UP} warm-up), known and unknown interleaved; "
        "production password hasher; tasks queued, not run; rate limits cleared between attempts",
        "target": "known / unknown ratio of the medians close to 1.0 for both paths",
    }
    return figures | on_each_database(_measure)


if __name__ == "__main__":
    inner()
