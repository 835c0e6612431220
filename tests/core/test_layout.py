"""The base layout every page shares: landmarks, text size, htmx, Content-Security-Policy."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from lakou.core.context_processors import TEXT_SIZE_COOKIE
from tests.world import World

ONE_YEAR = 365 * 24 * 3600


class _Tags(HTMLParser):
    """Start tags in document order, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _find(tags: list[tuple[str, dict[str, str]]], tag: str) -> list[dict[str, str]]:
    return [attrs for name, attrs in tags if name == tag]


@pytest.fixture
def world(db: None) -> World:
    return World.build()


@pytest.mark.parametrize("actor", ["anonymous", "company", "person"])
def test_the_layout_has_french_landmarks_and_a_skip_link(world: World, actor: str) -> None:
    response = world.client(actor).get(reverse("home"))

    assert response.status_code == 200
    tags = _tags(response.text)
    assert [html["lang"] for html in _find(tags, "html")] == ["fr"]
    first_link = _find(tags, "a")[0]
    assert first_link["href"] == "#contenu", "le premier lien de la page est le lien d'évitement"
    assert len(_find(tags, "header")) == 1
    navs = _find(tags, "nav")
    assert navs, "la page n'a pas de menu <nav>"
    assert all(nav.get("aria-label") for nav in navs), "chaque <nav> porte un aria-label"
    mains = _find(tags, "main")
    assert len(mains) == 1
    assert mains[0]["id"] == "contenu"
    assert len(_find(tags, "footer")) == 1
    assert "Aller au contenu" in response.text


def test_the_sign_in_pages_share_the_layout(client: Client, db: None) -> None:
    response = client.get(reverse("account_login"))

    tags = _tags(response.text)
    assert _find(tags, "html")[0]["lang"] == "fr"
    assert _find(tags, "a")[0]["href"] == "#contenu"
    assert [main["id"] for main in _find(tags, "main")] == ["contenu"]


@pytest.mark.parametrize("size", ["normal", "large", "xlarge"])
def test_choosing_a_text_size_sets_a_cookie_for_a_year(client: Client, db: None, size: str) -> None:
    response = client.post(reverse("set_text_size"), {"size": size, "next": "/territoire/"})

    assert response.status_code == 302
    assert response["Location"] == "/territoire/"
    cookie = response.cookies[TEXT_SIZE_COOKIE]
    assert cookie.value == size
    assert cookie["max-age"] == ONE_YEAR
    assert cookie["samesite"] == "Lax"


def test_the_chosen_text_size_is_applied_to_the_next_pages(client: Client, db: None) -> None:
    client.post(reverse("set_text_size"), {"size": "xlarge", "next": "/"})

    response = client.get(reverse("home"))

    assert _find(_tags(response.text), "html")[0]["class"] == "text-xlarge"
    pressed = [
        attrs["value"]
        for attrs in _find(_tags(response.text), "button")
        if attrs.get("name") == "size" and attrs.get("aria-pressed") == "true"
    ]
    assert pressed == ["xlarge"]


def test_an_unknown_text_size_changes_nothing(client: Client, db: None) -> None:
    response = client.post(reverse("set_text_size"), {"size": "gigantesque", "next": "/"})

    assert response.status_code == 302
    assert TEXT_SIZE_COOKIE not in response.cookies
    client.cookies[TEXT_SIZE_COOKIE] = "gigantesque"
    assert 'class="text-normal"' in client.get(reverse("home")).text


@pytest.mark.parametrize(
    "next_url",
    [
        "https://exemple.com/piege",
        "//exemple.com/piege",
        "http://testserver.exemple.com/",
        "javascript:alert(1)",
        "",
    ],
)
def test_the_text_size_form_never_redirects_outside_the_site(
    client: Client, db: None, next_url: str
) -> None:
    response = client.post(reverse("set_text_size"), {"size": "large", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_text_size_form_refuses_get(client: Client, db: None) -> None:
    assert client.get(reverse("set_text_size")).status_code == 405


def test_htmx_is_served_from_node_modules_and_loaded_by_every_page(
    client: Client, db: None
) -> None:
    found = finders.find("vendor/htmx/htmx.min.js")

    assert found is not None, "htmx.min.js introuvable : lancez npm ci"
    assert Path(found).stat().st_size > 10_000
    scripts = [attrs["src"] for attrs in _find(_tags(client.get("/").text), "script")]
    assert scripts == ["/static/vendor/htmx/htmx.min.js"]


@pytest.mark.parametrize("url_name", ["home", "account_login"])
def test_the_content_security_policy_forbids_inline_code(
    client: Client, db: None, url_name: str
) -> None:
    response = client.get(reverse(url_name))

    policy = response.headers.get("Content-Security-Policy", "")
    assert policy, "pas d'en-tête Content-Security-Policy"
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_layout_has_no_inline_script_or_style(client: Client, db: None) -> None:
    tags = _tags(client.get(reverse("home")).text)

    assert all(attrs.get("src") for attrs in _find(tags, "script")), "script en ligne"
    assert _find(tags, "style") == []
    inline = [(name, attrs) for name, attrs in tags if "style" in attrs]
    assert inline == [], f"attributs style= refusés par la CSP : {inline}"
