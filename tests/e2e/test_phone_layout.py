"""Every page of the browser tests works on a 360 px phone, on the demo data.

No sideways scroll; every link and button of the content on screen; tables either fit or turn into
cards whose cells carry their column's label; lists of buttons without bullets; the catalogue
filters folded behind « Filtrer ». The demo is seeded once per test (a few seconds): each test
visits all its pages in a row, one subtest per page and width. These are the demo accounts' own
pages, full of their data; tests/e2e/test_every_page.py opens every page of the access tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Organisation, User
from lakou.core.context_processors import TEXT_SIZE_COOKIE
from lakou.diagnostics.models import Audit, Campaign
from lakou.skills.models import Competence, Framework, Occupation
from lakou.training.models import Certificate, Programme, Session
from tests.demo import SMALL, seed_demo
from tests.e2e.helpers import DESKTOP, assert_no_axe_violations, phone_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 740}
PROVIDER = "Kolibri Académie"
COMPANY = "Boulangerie Lakay"

# Who opens a page: the demo account of each role (anonymous: no account).
ACCOUNTS = {
    "learner": f"apprenante@{DEMO_DOMAIN}",
    "provider": f"formation@{DEMO_DOMAIN}",
    "federation": f"federation@{DEMO_DOMAIN}",
    "epci": f"cacem@{DEMO_DOMAIN}",
    "auditor": f"audit@{DEMO_DOMAIN}",
    "company": f"entreprise@{DEMO_DOMAIN}",
    "mediator": f"mediation@{DEMO_DOMAIN}",
}


def seed_the_demo() -> None:
    seed_demo(SMALL)


def _programme() -> Programme:
    return (
        Programme.objects.filter(provider__name=PROVIDER, is_published=True)
        .annotate(n=Count("sessions"))
        .order_by("-n", "pk")
        .first()
    )


def _roster_session() -> Session:
    return (
        Session.objects.filter(programme__provider__name=PROVIDER)
        .annotate(n=Count("enrolments"))
        .order_by("-n", "pk")
        .first()
    )


def _campaign(audience: str) -> Campaign:
    return (
        Campaign.objects.filter(audience=audience)
        .order_by("-status", "pk")  # "open" before "closed" and "draft"
        .first()
    )


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@dataclass(frozen=True)
class PhonePage:
    """A page to check: who opens it and its address, computed once the demo is seeded."""

    who: str  # "anonymous" or a key of ACCOUNTS
    url: Callable[[], str]
    then: Callable[[Page], None] | None = None  # what a person does there before the check


def _start_questionnaire(page: Page) -> None:
    page.locator('form[action$="/commencer"] button').click()
    expect(page.get_by_text("Étape 1 sur")).to_be_visible()


def _create_token(page: Page) -> None:
    page.get_by_label("Nom du jeton").fill("Tableur de suivi des formations du Lamentin")
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.locator(".secret-token")).to_be_visible()


def _create_token_and_go_back(page: Page) -> None:
    _create_token(page)
    page.get_by_role("link", name="Revenir à mes jetons").click()
    expect(page.get_by_role("table")).to_contain_text("Tableur de suivi des formations")


# A registry file whose second line has a wrong SIRET key and an unknown commune, in SIRENE columns.
BAD_REGISTRY = (
    b"siret;denomination;naf;codeCommuneEtablissement;etatAdministratifEtablissement\n"
    b"73282932000075;Boulangerie du Bourg;10.71C;97299;A\n"
)


def _import_a_bad_registry(page: Page) -> None:
    page.get_by_label("Fichier du répertoire (CSV ou XLSX)").set_input_files(
        files=[{"name": "registre.csv", "mimeType": "text/csv", "buffer": BAD_REGISTRY}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("table", name="Lignes à corriger")).to_contain_text("97299")


def _framework_url() -> str:
    return Framework.objects.get(code="digcomp").get_absolute_url()


PAGES: dict[str, PhonePage] = {
    # Homes of every role
    **{f"home-{who}": PhonePage(who, lambda: reverse("home")) for who in ("anonymous", *ACCOUNTS)},
    "login": PhonePage("anonymous", lambda: reverse("account_login")),
    "login-code": PhonePage("anonymous", lambda: reverse("account_request_login_code")),
    # Training
    "catalogue": PhonePage("anonymous", lambda: reverse("training:catalogue")),
    "catalogue-filtered": PhonePage(
        "anonymous", lambda: reverse("training:catalogue") + "?domain=web&certifying=on"
    ),
    "programme": PhonePage("anonymous", lambda: _programme().get_absolute_url()),
    "programme-provider": PhonePage("provider", lambda: _programme().get_absolute_url()),
    "session": PhonePage("anonymous", lambda: _roster_session().get_absolute_url()),
    "session-enrol-form": PhonePage("learner", lambda: _roster_session().get_absolute_url()),
    "learner-trainings": PhonePage("learner", lambda: reverse("training:my_enrolments")),
    "provider-programmes": PhonePage("provider", lambda: reverse("training:my_programmes")),
    "roster": PhonePage(
        "provider", lambda: reverse("training:session_roster", args=[_roster_session().pk])
    ),
    "certificates": PhonePage("provider", lambda: reverse("training:certificate_list")),
    "certificate-verification": PhonePage(
        "anonymous", lambda: Certificate.objects.order_by("pk").first().get_absolute_url()
    ),
    "certificate-check": PhonePage("anonymous", lambda: reverse("training:certificate_check")),
    "follow-ups": PhonePage("provider", lambda: reverse("training:followup_list")),
    "training-indicators": PhonePage("anonymous", lambda: reverse("training:indicators")),
    "training-indicators-federation": PhonePage(
        "federation", lambda: reverse("training:indicators")
    ),
    "open-data": PhonePage("anonymous", lambda: reverse("training:opendata")),
    "label-queue": PhonePage("federation", lambda: reverse("training:label_queue")),
    # Diagnostics
    "needs-map": PhonePage("federation", lambda: reverse("diagnostics:needs_map")),
    "needs-map-public": PhonePage("anonymous", lambda: reverse("diagnostics:needs_map_public")),
    "diagnostic-indicator": PhonePage("federation", lambda: reverse("diagnostics:indicator")),
    "campaign-list": PhonePage("federation", lambda: reverse("diagnostics:campaign_list")),
    "campaign-list-epci": PhonePage("epci", lambda: reverse("diagnostics:campaign_list")),
    "campaign-detail-companies": PhonePage(
        "federation", lambda: _campaign("companies").get_absolute_url()
    ),
    "campaign-detail-public": PhonePage(
        "federation", lambda: _campaign("public").get_absolute_url()
    ),
    "campaign-detail-epci": PhonePage("epci", lambda: _campaign("public").get_absolute_url()),
    "public-questionnaire": PhonePage(
        "anonymous",
        lambda: reverse("diagnostics:campaign_short", args=[_campaign("public").short_code]),
    ),
    "public-questionnaire-step": PhonePage(
        "anonymous",
        lambda: reverse("diagnostics:campaign_short", args=[_campaign("public").short_code]),
        _start_questionnaire,
    ),
    "questionnaires": PhonePage("federation", lambda: reverse("diagnostics:questionnaire_list")),
    "registry": PhonePage("federation", lambda: reverse("diagnostics:registry_list")),
    "registry-import-problems": PhonePage(
        "federation", lambda: reverse("diagnostics:registry_import"), _import_a_bad_registry
    ),
    "audits-auditor": PhonePage("auditor", lambda: reverse("diagnostics:audit_list")),
    "audits-company": PhonePage("company", lambda: reverse("diagnostics:audit_list")),
    "audit-detail": PhonePage(
        "auditor",
        lambda: reverse(
            "diagnostics:audit_detail",
            args=[
                Audit.objects.annotate(n=Count("needs"))
                .order_by("-n", "pk")
                .values_list("pk", flat=True)[0]
            ],
        ),
    ),
    # Territory
    "territory": PhonePage("anonymous", lambda: reverse("territory:overview")),
    "epci": PhonePage(
        "anonymous", lambda: reverse("territory:epci_detail", kwargs={"siren": "249720061"})
    ),
    "commune": PhonePage(
        "anonymous",
        lambda: reverse("territory:commune_detail", kwargs={"insee_code": "97209"}),
    ),
    # Skills
    "skills": PhonePage("anonymous", lambda: reverse("skills:index")),
    "framework": PhonePage("anonymous", _framework_url),
    "competence": PhonePage(
        "anonymous",
        lambda: (
            Competence.objects.filter(framework__code="digcomp")
            .order_by("code")
            .first()
            .get_absolute_url()
        ),
    ),
    "occupations": PhonePage("anonymous", lambda: reverse("skills:occupation_list")),
    "occupation": PhonePage(
        "anonymous",
        lambda: (
            Occupation.objects.annotate(n=Count("titles"))
            .order_by("-n", "code_rome")
            .first()
            .get_absolute_url()
        ),
    ),
    # Accounts
    "organisation": PhonePage(
        "company",
        lambda: reverse("accounts:organisation_detail", args=[_organisation(COMPANY).pk]),
    ),
    "token-created": PhonePage("company", lambda: reverse("accounts:token_list"), _create_token),
    "tokens": PhonePage(
        "company", lambda: reverse("accounts:token_list"), _create_token_and_go_back
    ),
}

# The pages checked again at the largest text size (text-xlarge on <html>).
XLARGE_PAGES = (
    "home-anonymous",
    "home-provider",
    "catalogue",
    "learner-trainings",
    "roster",
    "certificates",
    "needs-map",
    "campaign-detail-companies",
    "public-questionnaire-step",
    "territory",
    "commune",
    "framework",
)


class Visitor:
    """One browser context per role, signed in once, reused from page to page."""

    def __init__(self, new_context: Callable[..., BrowserContext], base_url: str, **options: Any):
        self._new_context = new_context
        self._base_url = base_url
        self._options = options
        self._pages: dict[str, Page] = {}

    def page_of(self, who: str) -> Page:
        if who not in self._pages:
            context = self._new_context(**self._options)
            if who != "anonymous":
                sign_in(context, self._base_url, User.objects.get(email=ACCOUNTS[who]))
            self._pages[who] = context.new_page()
        return self._pages[who]

    def open(self, name: str, viewport: dict[str, int] | None = None) -> Page:
        checked = PAGES[name]
        page = self.page_of(checked.who)
        if viewport is not None:
            page.set_viewport_size(viewport)
        url = checked.url()
        response = page.goto(url)
        assert response is not None, f"{name} : {url} sans réponse"
        assert response.status == 200, f"{name} : {url} répond {response.status}"
        assert page.url.endswith(url), f"{name} : {url} renvoie vers {page.url}"
        if checked.then is not None:
            checked.then(page)
        return page


@pytest.fixture
def visitor(new_context: Callable[..., BrowserContext], live_server: Any) -> Visitor:
    seed_the_demo()
    return Visitor(new_context, live_server.url, viewport=PHONE_360, bypass_csp=True)


# Pages whose tables turn into cards, audited by axe-core at 360 px.
AXE_PAGES = (
    "learner-trainings",
    "roster",
    "certificates",
    "follow-ups",
    "training-indicators-federation",
    "needs-map",
    "campaign-detail-companies",
    "territory",
    "framework",
    "tokens",
)


def test_every_page_fits_a_360_px_phone_and_keeps_its_layout_on_a_wide_screen(
    visitor: Visitor, subtests: pytest.Subtests
) -> None:
    """Each page opened at 360 px, then again at 1280 px in the same browser page."""
    for name in PAGES:
        with subtests.test(msg=f"{name} à 360 px"):
            page = visitor.open(name, viewport=PHONE_360)
            assert phone_problems(page) == [], f"{name} ({page.url}) à 360 px"
            if name in AXE_PAGES:
                expect(page.locator("main table.cards").first).to_be_attached()
                assert_no_axe_violations(page)
        with subtests.test(msg=f"{name} à 1280 px"):
            page = visitor.open(name, viewport=DESKTOP)
            assert phone_problems(page) == [], f"{name} ({page.url}) à 1280 px"
            # Cards are for phones only: on a wide screen a table keeps its header row (tables in
            # a closed <details>, such as earlier censuses, are not shown at all).
            for header in page.locator("main table.cards:visible > thead").all():
                expect(header).to_be_visible()


def test_pages_fit_a_360_px_phone_at_the_largest_text_size(
    new_context: Callable[..., BrowserContext], live_server: Any, subtests: pytest.Subtests
) -> None:
    seed_the_demo()
    visitor = Visitor(new_context, live_server.url, viewport=PHONE_360)
    for who in {PAGES[name].who for name in XLARGE_PAGES}:
        visitor.page_of(who).context.add_cookies(
            [{"name": TEXT_SIZE_COOKIE, "value": "xlarge", "url": live_server.url}]
        )
    for name in XLARGE_PAGES:
        with subtests.test(msg=name):
            page = visitor.open(name)
            expect(page.locator("html")).to_have_class("text-xlarge")
            assert phone_problems(page) == [], f"{name} ({page.url}) à 360 px, texte très grand"


def _accessibility_tree_of_table(page: Page, caption: str) -> list[tuple[str, str]]:
    """(role, name) of the nodes under the table named `caption`, as Chromium gives them to
    screen readers (its own accessibility tree, read through the DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    nodes = {node["nodeId"]: node for node in session.send("Accessibility.getFullAXTree")["nodes"]}
    tables = [
        node
        for node in nodes.values()
        if node.get("role", {}).get("value") == "table"
        and node.get("name", {}).get("value") == caption
    ]
    assert tables, f"Chromium n'expose aucun tableau « {caption} » sur {page.url}"
    found: list[tuple[str, str]] = []
    pending = list(tables[0].get("childIds", []))
    while pending:
        node = nodes[pending.pop(0)]
        role = node.get("role", {}).get("value", "")
        if role in {"row", "columnheader", "rowheader", "cell"}:
            found.append((role, str(node.get("name", {}).get("value", "")).strip()))
        pending.extend(node.get("childIds", []))
    return found


@pytest.fixture
def roster_site() -> tuple[User, Organisation, Session]:
    from lakou.training.models import Enrolment
    from tests.accounts.factories import OrganisationFactory, UserFactory
    from tests.training.factories import make_programme, make_session, provider_actor
    from tests.training.factories_enrolment import enrolment_in

    provider = OrganisationFactory(provider=True, name=PROVIDER)
    staff = provider_actor(provider)
    session = make_session(make_programme(actor=staff, title="Bureautique pour les seniors"))
    for index, status in enumerate((Enrolment.Status.REQUESTED, Enrolment.Status.ACCEPTED)):
        enrolment_in(
            session,
            status,
            learner=UserFactory(
                email=f"alex.joseph{index}@exemple.mq",
                first_name="Alex",
                last_name=f"Joseph-{index}",
            ),
        )
    assert staff.user is not None
    return staff.user, provider, session


def test_the_roster_as_cards_keeps_its_table_for_screen_readers_and_labels_each_cell(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    roster_site: tuple[User, Organisation, Session],
) -> None:
    staff, provider, session = roster_site
    context = new_context(viewport=PHONE_360)
    sign_in(context, live_server.url, staff, provider)
    page = context.new_page()
    page.goto(reverse("training:session_roster", args=[session.pk]))

    # On screen: the column headers are hidden, each cell starts with its column's label...
    header = page.locator("table.cards > thead").bounding_box()
    assert header is not None
    assert header["width"] <= 1
    assert header["height"] <= 1
    state = page.locator("table.cards tbody tr").first.locator("td").nth(1)
    assert "État" in page.evaluate(
        "e => getComputedStyle(e, '::before').content", state.element_handle()
    )
    # ...and the person's state and buttons are on screen, without sideways scrolling.
    accept = page.get_by_role("button", name="Accepter — Alex Joseph-0").bounding_box()
    assert accept is not None
    assert 0 <= accept["x"] <= accept["x"] + accept["width"] <= PHONE_360["width"]
    assert phone_problems(page) == []

    # For a screen reader, it is still a table: column headers, one row header per person, cells
    # named by their content alone (the visual label is not read twice).
    tree = _accessibility_tree_of_table(page, "Demandes et inscriptions de la session")
    assert [name for role, name in tree if role == "columnheader"] == [
        "Personne",
        "Demande",
        "État",
        "Actions",
    ]
    assert [name for role, name in tree if role == "rowheader"] == [
        "Alex Joseph-0 alex.joseph0@exemple.mq",
        "Alex Joseph-1 alex.joseph1@exemple.mq",
    ]
    assert [role for role, _name in tree].count("row") == 3
    cells = [name for role, name in tree if role == "cell"]
    assert "Demande envoyée" in cells
    assert not any(name.startswith("État") for name in cells)


def test_the_map_table_as_compact_cards_keeps_its_table_for_screen_readers(
    new_context: Callable[..., BrowserContext],
) -> None:
    call_command("load_reference", verbosity=0, stdout=StringIO())
    page = new_context(viewport=PHONE_360).new_page()
    page.goto(reverse("territory:overview"))

    fort_de_france = page.locator('table.cards-compact tr[data-insee="97209"]')
    name = fort_de_france.get_by_role("link", name="Fort-de-France").bounding_box()
    population = fort_de_france.locator("td.num").bounding_box()
    assert name is not None
    assert population is not None
    assert abs(name["y"] - population["y"]) < name["height"], "le chiffre à côté du nom"
    assert population["x"] + population["width"] <= PHONE_360["width"]
    tree = _accessibility_tree_of_table(page, "Population municipale par commune")
    assert [n for role, n in tree if role == "columnheader"] == [
        "Commune",
        "EPCI",
        "Population (habitants)",
    ]
    assert [role for role, _n in tree].count("rowheader") == 34
    assert [role for role, _n in tree].count("cell") == 68


def test_the_catalogue_filters_fold_behind_filtrer_on_a_phone_even_without_javascript(
    new_context: Callable[..., BrowserContext],
) -> None:
    from tests.training.factories import make_programme

    make_programme(title="Bureautique pour les seniors", domain="office")
    page = new_context(viewport=PHONE_360, java_script_enabled=False).new_page()
    page.goto(reverse("training:catalogue"))

    expect(page.get_by_label("Domaine")).to_be_hidden()
    expect(page.get_by_label("Mots-clés")).to_be_visible()
    # The results start on the first screen, under the search field and « Filtrer ».
    expect(page.get_by_role("status")).to_have_text("1 formation trouvée")
    expect(page.get_by_role("status")).to_be_in_viewport()

    page.get_by_text("Filtrer", exact=True).click()
    page.get_by_label("Domaine").select_option(label="Bureautique")
    page.get_by_role("button", name="Rechercher").click()

    # A filter is set: the next page opens the fold, so the person sees what was chosen.
    expect(page).to_have_url(re.compile(r"domain=office"))
    expect(page.get_by_label("Domaine")).to_be_visible()
    expect(page.get_by_label("Domaine")).to_have_value("office")


def test_the_catalogue_filters_stay_shown_on_a_wide_screen(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    page.goto(reverse("training:catalogue"))

    expect(page.get_by_label("Domaine")).to_be_visible()
    expect(page.get_by_label("Labellisée par la fédération")).to_be_visible()
    expect(page.get_by_text("Filtrer", exact=True)).to_be_hidden()
