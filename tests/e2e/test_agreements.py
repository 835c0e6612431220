"""From an accepted application, the company establishes the agreement, the three parties sign
from the links in their e-mails (no account needed), and the agreement starts on its first day."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from lakou.partnerships.models import Agreement
from lakou.partnerships.services.agreements import agreements_daily, signature_is_valid
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.e2e.helpers import sign_in
from tests.partnerships.factories_agreements import make_application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/partenariats/conventions/lien/[^/\s]+/)")
TUTOR = "tuteur.e2e@exemple.mq"
TEACHER = "referente.e2e@exemple.mq"


@pytest.fixture
def site_url(settings: Any, live_server: Any) -> str:
    """The e-mailed links start with SITE_URL: here, the live server."""
    settings.SITE_URL = live_server.url
    return str(live_server.url)


def slow_tolerant(context: BrowserContext) -> BrowserContext:
    """The PDF-free pages are quick, but the shared test machine may be busy."""
    context.set_default_timeout(30_000)
    return context


@pytest.fixture
def patient_expect() -> Iterator[None]:
    """Assertions wait longer than the default 5 s on a busy machine; reset afterwards."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def link_for(outbox: list[Any], email: str) -> str:
    [message] = [m for m in outbox if email in m.to and "Convention à signer" in m.subject]
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def test_the_company_establishes_the_agreement_and_the_three_parties_sign_from_their_emails(
    new_context: Callable[..., BrowserContext],
    outbox: list[Any],
    site_url: str,
    patient_expect: None,
) -> None:
    company = OrganisationFactory(company=True, name="Boulangerie Lakay", siret="90223456600013")
    school = OrganisationFactory(provider=True, name="Lycée de Bellevue")
    staff = MembershipFactory(organisation=company, user=UserFactory(email="gerant@exemple.mq"))
    learner = UserFactory(email="melissa@exemple.mq", first_name="Mélissa", last_name="Théodore")
    application = make_application(company=company, school=school, learner=learner)

    # The company finds the accepted application under « Conventions » and establishes it.
    desk = slow_tolerant(new_context())
    sign_in(desk, site_url, staff.user, company)
    office = desk.new_page()
    office.goto("/")
    menu = office.get_by_role("navigation", name="Menu principal")
    menu.locator("summary", has_text="Partenariats").click()
    menu.get_by_role("link", name="Conventions", exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Conventions de stage et d'alternance"
    )
    office.get_by_role("link", name=re.compile("Établir la convention")).click()
    office.get_by_role("button", name="Créer la convention en brouillon").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Compléter la convention")
    # Prefilled from the offer.
    expect(office.get_by_label("Intitulé :", exact=True)).to_have_value(application.offer.title)
    for label, value in (
        ("Compétences à acquérir", "Écrire du HTML accessible"),
        ("Horaires de présence", "Du lundi au vendredi, 8 h – 12 h et 13 h – 16 h"),
        ("Nom du tuteur", "Fritz Dorval"),
        ("Fonction du tuteur", "Gérant"),
        ("E-mail du tuteur", TUTOR),
        ("Téléphone du tuteur", "0696 12 34 56"),
        ("Nom de l'enseignant référent", "Nadège Célestine"),
        ("E-mail de l'enseignant référent", TEACHER),
        ("Congés et autorisations d'absence", "Deux jours par mois"),
    ):
        office.get_by_label(f"{label} :", exact=True).fill(value)
    office.get_by_role("button", name="Enregistrer").click()
    expect(office.get_by_text("La convention est enregistrée.")).to_be_visible()
    office.get_by_role("link", name="Envoyer à la signature").click()
    office.get_by_role("button", name="Envoyer à la signature").click()
    expect(office.get_by_text("chaque partie reçoit son lien de signature")).to_be_visible()
    agreement = Agreement.objects.get(application=application)
    assert agreement.status == Agreement.Status.READY_TO_SIGN

    # Each party opens the link of its e-mail in its own browser, without an account, and signs.
    for email, name, role in (
        (learner.email, "Mélissa Théodore", "Stagiaire"),
        (TUTOR, "Fritz Dorval", "Gérant, pour l'entreprise"),
        (TEACHER, "Nadège Célestine", "Enseignante référente"),
    ):
        page = slow_tolerant(new_context()).new_page()
        page.goto(link_for(outbox, email))
        expect(page.get_by_role("heading", level=1)).to_have_text("Signer la convention")
        expect(page.get_by_text("Boulangerie Lakay").first).to_be_visible()
        page.get_by_label("Votre nom et prénom").fill(name)
        page.get_by_label("À quel titre signez-vous ?").fill(role)
        page.get_by_label("J'ai lu la convention et je l'accepte.").check()
        page.get_by_role("button", name="Je signe la convention").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Merci, c'est enregistré")
        # The link has done its work.
        page.goto(link_for(outbox, email))
        expect(page.get_by_text("Ce lien a déjà servi")).to_be_visible()

    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert all(signature_is_valid(s) for s in agreement.signatures.all())
    assert any("signée par les trois parties" in m.subject for m in outbox)

    # The day before its start it waits; on its first day (Martinique time) it is under way.
    assert agreements_daily(today=agreement.starts_on - timedelta(days=1)).activated == 0
    assert agreements_daily(today=agreement.starts_on).activated == 1
    office.goto(f"/partenariats/conventions/{agreement.pk}/")
    expect(office.get_by_text("État : En cours")).to_be_visible()
    expect(office.get_by_text("Vérifiée : le texte signé n'a pas changé.")).to_have_count(3)
    menu = office.get_by_role("navigation", name="Menu principal")
    menu.locator("summary", has_text="Partenariats").click()
    menu.get_by_role("link", name="Mes stagiaires et apprentis").click()
    expect(office.get_by_role("row", name=re.compile("Mélissa Théodore"))).to_contain_text(
        "En cours"
    )
