"""Each role's menu holds its own sections, every link of it opens, the current one is marked."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lakou.accounts.models import Membership, User
from lakou.core.demo import SCALES
from lakou.core.middleware import SESSION_ORGANISATION_KEY
from tests.demo import demo_seeded

# The module fixture runs once: every test of the module on the same test worker.
pytestmark = pytest.mark.xdist_group("menus")

# (demo account, organisation kind it acts for) -> the sections its menu must show, in order.
MENUS: dict[tuple[str, str | None], list[str]] = {
    ("", None): [
        "Accueil",
        "Formations",
        "Questionnaires ouverts",
        "Agenda des partenariats",
        "Offres de stage et d'alternance",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Concours et hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
    ],
    ("apprenante@lakou.test", None): [
        "Accueil",
        "Mes formations",
        "Mes candidatures",
        "Mes hackathons",
        "Mentorat",
        "Formations",
        "Questionnaires ouverts",
        "Agenda des partenariats",
        "Conventions",
        "Offres de stage et d'alternance",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Concours et hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("federation@lakou.test", None): [
        "Accueil",
        "Campagnes",
        "Questionnaires",
        "Répertoire",
        "Label",
        "Mentorat",
        "Actions de partenariat",
        "Hackathons organisés",
        "Formations",
        "Ressources mutualisées",
        "Conventions",
        "Offres de stage et d'alternance",
        "Carte des besoins",
        "Concours et hackathons",
        "Mes hackathons",
        "Indicateur diagnostic",
        "Indicateurs formation",
        "Indicateurs partenariats",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("cacem@lakou.test", None): [
        "Accueil",
        "Campagnes relayées",
        "Actions de partenariat",
        "Formations",
        "Ressources mutualisées",
        "Offres de stage et d'alternance",
        "Carte des besoins",
        "Concours et hackathons",
        "Mes hackathons",
        "Indicateur diagnostic",
        "Indicateurs formation",
        "Indicateurs partenariats",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("audit@lakou.test", None): [
        "Accueil",
        "Mes audits",
        "Actions de partenariat",
        "Formations",
        "Ressources mutualisées",
        "Offres de stage et d'alternance",
        "Besoins des entreprises",
        "Concours et hackathons",
        "Mes hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("formation@lakou.test", None): [
        "Accueil",
        "Mes formations",
        "Certificats",
        "Suivis",
        "Actions de partenariat",
        "Formations",
        "Questionnaires ouverts",
        "Ressources mutualisées",
        "Conventions",
        "Offres de stage et d'alternance",
        "Stages de mes apprenants",
        "Besoins des entreprises",
        "Concours et hackathons",
        "Mes hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("entreprise@lakou.test", "company"): [
        "Accueil",
        "Mes diagnostics",
        "Mes offres",
        "Mentorat",
        "Actions de partenariat",
        "Formations",
        "Ressources mutualisées",
        "Conventions",
        "Offres de stage et d'alternance",
        "Mes stagiaires et apprentis",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Concours et hackathons",
        "Mes hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("entreprise@lakou.test", "association"): [
        "Accueil",
        "Actions de partenariat",
        "Formations",
        "Questionnaires ouverts",
        "Ressources mutualisées",
        "Offres de stage et d'alternance",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Concours et hackathons",
        "Mes hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("mediation@lakou.test", None): [
        "Accueil",
        "Actions de partenariat",
        "Formations",
        "Questionnaires ouverts",
        "Ressources mutualisées",
        "Offres de stage et d'alternance",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Concours et hackathons",
        "Mes hackathons",
        "Résultats des formations",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
}

NAV = re.compile(r'<nav aria-label="Menu principal"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data and the demo of `lakou seed-demo --scale demo`, once for this module."""
    with demo_seeded(django_db_blocker, SCALES["demo"]):
        yield


@pytest.fixture
def seeded(demo: None, db: None) -> None:
    """The seeded demo, seen from a test's own transaction."""


def client_of(email: str, kind: str | None) -> Client:
    client = Client()
    if email:
        user = User.objects.get(email=email)
        client.force_login(user)
        if kind is not None:
            membership = Membership.objects.get(user=user, organisation__kind=kind)
            session = client.session
            session[SESSION_ORGANISATION_KEY] = membership.organisation_id
            session.save()
    return client


def menu_links(client: Client, url: str) -> list[tuple[str, str, bool]]:
    """(label, url, is current) of the main menu of the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    match = NAV.search(response.content.decode())
    assert match, f"no main menu on {url}"
    return [
        (html.unescape(label), html.unescape(href), bool(current))
        for href, current, label in LINK.findall(match.group(1))
    ]


@pytest.mark.parametrize(("account", "sections"), MENUS.items(), ids=lambda v: str(v))
def test_each_role_has_its_sections_and_every_menu_link_opens_for_it(
    seeded: None, account: tuple[str, str | None], sections: list[str]
) -> None:
    client = client_of(*account)

    links = menu_links(client, reverse("home"))

    assert [label for label, _url, _current in links] == sections
    for label, url, _current in links:
        assert client.get(url).status_code == 200, f"{account}: « {label} » ({url})"


@pytest.mark.parametrize(
    ("account", "url", "current"),
    [
        (("", None), reverse("home"), "Accueil"),
        (("", None), reverse("training:catalogue"), "Formations"),
        (("", None), reverse("territory:commune_detail", args=["97209"]), "Territoire"),
        (("formation@lakou.test", None), reverse("training:programme_create"), "Mes formations"),
        (("formation@lakou.test", None), reverse("training:followup_list"), "Suivis"),
        (("federation@lakou.test", None), reverse("diagnostics:registry_import"), "Répertoire"),
        (("federation@lakou.test", None), reverse("accounts:token_list"), "Mon compte"),
        (("cacem@lakou.test", None), reverse("diagnostics:campaign_list"), "Campagnes relayées"),
    ],
)
def test_the_current_section_and_only_it_is_marked_as_the_current_page(
    seeded: None, account: tuple[str, str | None], url: str, current: str
) -> None:
    links = menu_links(client_of(*account), url)

    assert [label for label, _url, is_current in links if is_current] == [current]


def test_a_page_outside_every_section_marks_none(seeded: None) -> None:
    links = menu_links(client_of("", None), reverse("account_login"))

    assert not [label for label, _url, is_current in links if is_current]
