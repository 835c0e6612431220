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
from lakou.core.middleware import SESSION_ORGANISATION_KEY
from tests.demo import SMALL, demo_seeded

# The module fixture runs once: every test of the module on the same test worker.
pytestmark = pytest.mark.xdist_group("menus")

# (demo account, organisation kind it acts for) -> the sections its menu must show, in order.
MENUS: dict[tuple[str, str | None], list[str]] = {
    ("", None): [
        "Accueil",
        "Formations",
        "Questionnaires ouverts",
        "Stages et partenariats › Agenda des partenariats",
        "Stages et partenariats › Offres de stage, d'alternance et d'emploi",
        "Stages et partenariats › Concours et hackathons",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Devenir médiateur ou médiatrice",
        "Territoire",
        "Compétences",
    ],
    ("apprenante@lakou.test", None): [
        "Accueil",
        "Mes formations",
        "Stages et partenariats › Mes candidatures",
        "Stages et partenariats › Mes hackathons",
        "Stages et partenariats › Mentorat",
        "Stages et partenariats › Agenda des partenariats",
        "Stages et partenariats › Conventions",
        "Stages et partenariats › Offres de stage, d'alternance et d'emploi",
        "Stages et partenariats › Concours et hackathons",
        "Formations",
        "Orientation › Mon profil d'orientation",
        "Orientation › Propositions pour moi",
        "Orientation › Conseils d'orientation",
        "Orientation › Mes plans",
        "Orientation › Mes mises en relation",
        "Questionnaires ouverts",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Devenir médiateur ou médiatrice",
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
        "Partenariats › Mentorat",
        "Partenariats › Actions de partenariat",
        "Partenariats › Hackathons organisés",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Conventions",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Carte des besoins",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Mes ateliers",
        "Médiation numérique › Médiateurs",
        "Médiation numérique › Actes à vérifier",
        "Médiation numérique › Relevés mensuels",
        "Médiation numérique › Planificateur d'ateliers",
        "Médiation numérique › Plans d'orientation partagés",
        "Indicateurs › Indicateur diagnostic",
        "Indicateurs › Indicateurs formation",
        "Indicateurs › Indicateurs partenariats",
        "Indicateurs › Indicateurs médiation",
        "Indicateurs › Indicateurs orientation",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("cacem@lakou.test", None): [
        "Accueil",
        "Campagnes relayées",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Carte des besoins",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Mes ateliers",
        "Médiation numérique › Médiateurs",
        "Médiation numérique › Actes à vérifier",
        "Médiation numérique › Relevés mensuels",
        "Médiation numérique › Planificateur d'ateliers",
        "Indicateurs › Indicateur diagnostic",
        "Indicateurs › Indicateurs formation",
        "Indicateurs › Indicateurs partenariats",
        "Indicateurs › Indicateurs médiation",
        "Indicateurs › Indicateurs orientation",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("audit@lakou.test", None): [
        "Accueil",
        "Mes audits",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Besoins des entreprises",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Ateliers numériques",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("formation@lakou.test", None): [
        "Accueil",
        "Mes formations",
        "Certificats",
        "Suivis",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Conventions",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Stages de mes apprenants",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Candidats",
        "Questionnaires ouverts",
        "Besoins des entreprises",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Ateliers numériques",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("entreprise@lakou.test", "company"): [
        "Accueil",
        "Mes diagnostics",
        "Partenariats › Mes offres",
        "Partenariats › Mentorat",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Conventions",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Mes stagiaires et apprentis",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Candidats",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("entreprise@lakou.test", "association"): [
        "Accueil",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Questionnaires ouverts",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Mes ateliers",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("mairie@lakou.test", None): [
        "Accueil",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Questionnaires ouverts",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Mes ateliers",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
    ("mediation@lakou.test", None): [
        "Accueil",
        "Partenariats › Actions de partenariat",
        "Partenariats › Ressources mutualisées",
        "Partenariats › Offres de stage, d'alternance et d'emploi",
        "Partenariats › Concours et hackathons",
        "Partenariats › Mes hackathons",
        "Formations",
        "Questionnaires ouverts",
        "Besoins des entreprises",
        "Vérifier un certificat",
        "Résultats des formations",
        "Médiation numérique › Lieux d'aide au numérique",
        "Médiation numérique › Mes lieux de médiation",
        "Médiation numérique › Ateliers numériques",
        "Médiation numérique › Mes ateliers",
        "Médiation numérique › Mes actes",
        "Médiation numérique › Mes relevés",
        "Médiation numérique › Plans d'orientation partagés",
        "Territoire",
        "Compétences",
        "Mon compte",
    ],
}

NAV = re.compile(r'<nav aria-label="Menu principal"[^>]*>(.*?)</nav>', re.S)
# A link, or the start (its summary) or end of a group.
PART = re.compile(
    r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>|<summary[^>]*>([^<]+)|(</details>)'
)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data and the tests' demo (`tests.demo.SMALL`), once for this module."""
    with demo_seeded(django_db_blocker, SMALL):
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
    """(label, url, is current) of the main menu of the page at `url`; a link of a group is
    labelled « Group › Link »."""
    response = client.get(url)
    assert response.status_code == 200, url
    match = NAV.search(response.content.decode())
    assert match, f"no main menu on {url}"
    links, group = [], ""
    for href, current, label, summary, end in PART.findall(match.group(1)):
        if summary:
            group = f"{html.unescape(summary).strip()} › "
        elif end:
            group = ""
        else:
            links.append((group + html.unescape(label), html.unescape(href), bool(current)))
    return links


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
        (
            ("federation@lakou.test", None),
            reverse("partnerships:mentoring_pairs"),
            "Partenariats › Mentorat",
        ),
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


def test_the_group_of_the_current_page_says_so_and_stays_folded(seeded: None) -> None:
    client = client_of("federation@lakou.test", None)
    page = client.get(reverse("partnerships:mentoring_pairs")).content.decode()
    nav = NAV.search(page)
    assert nav
    assert '<summary class="is-current">Partenariats<span class="visually-hidden">' in nav.group(1)
    assert "<details open" not in nav.group(1)
    other = client.get(reverse("diagnostics:campaign_list")).content.decode()
    assert "<summary>Partenariats</summary>" in other
