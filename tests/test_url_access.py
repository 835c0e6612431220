"""Every URL has an entry in an access table; the allowed actor gets in, the denied ones do not."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import REFUSED, Exempt, UrlAccess
from tests.world import World

# Third-party views are tested by their authors; ours wrap them in the e2e login tests.
EXEMPT_PREFIXES = {
    "admin:": Exempt("Django admin pages; `admin:index` is in the table, the rest follow it."),
    "account_": Exempt("django-allauth views; the e2e tests log every role in through them."),
    "mfa_": Exempt("django-allauth MFA views; tests/accounts/test_mfa.py covers the staff rule."),
    "usersessions_": Exempt("django-allauth sessions views."),
}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def all_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def load_cases() -> dict[str, UrlAccess]:
    cases: dict[str, UrlAccess] = {}
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        # `url_access.py`, or `url_access_<area>.py` when an app has several tables.
        if module_info.name.rsplit(".", 1)[-1].startswith("url_access"):
            module = importlib.import_module(module_info.name)
            for name, case in module.CASES.items():
                assert name not in cases, f"{name} is listed twice in the access tables"
                cases[name] = case
    return cases


CASES = load_cases()


def is_exempt(name: str) -> bool:
    return name not in CASES and any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)


def test_every_url_has_an_access_entry() -> None:
    missing = [name for name in all_url_names() if name not in CASES and not is_exempt(name)]
    assert missing == [], f"URLs without an entry in a tests/<app>/url_access.py table: {missing}"


def test_every_entry_names_an_existing_url() -> None:
    names = set(all_url_names())
    assert sorted(set(CASES) - names) == []


def test_every_entry_refuses_someone_or_says_it_is_public() -> None:
    vague = [name for name, case in CASES.items() if not case.denied and not case.public]
    assert vague == []


def _request(world: World, name: str, case: UrlAccess, actor: str) -> int:
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    data = case.data(world) if case.data else {}
    if name.startswith("api-"):
        client = world.client("anonymous")
        headers = {**case.headers, **world.api_headers(actor)}
    else:
        client = world.client(actor)
        headers = dict(case.headers)
    response = getattr(client, case.method)(url, data, headers=headers)
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_allowed_actor_gets_in(name: str) -> None:
    case = CASES[name]
    world = World.build()
    status = _request(world, name, case, case.allowed)
    assert status in case.ok_status, f"{case.allowed} got {status} on {name}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "actor"),
    [(name, actor) for name in sorted(CASES) for actor in CASES[name].denied],
)
def test_denied_actor_is_refused(name: str, actor: str) -> None:
    case = CASES[name]
    world = World.build()
    status = _request(world, name, case, actor)
    assert status in REFUSED, f"{actor} got {status} on {name}"
