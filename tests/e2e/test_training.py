"""A learner finds a training on a phone, is accepted, certified, and checks the certificate."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lakou.training.models import Certificate
from lakou.training.services.certificate_pdf import certificate_qr_payload
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.e2e.helpers import open_menu, sign_in, sign_in_with_code
from tests.territory.factories import CommuneFactory
from tests.training.factories import make_programme, make_session, provider_actor
from tests.training.factories_certificates import certifying_programme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 740}
LEARNER = "Mélissa Théodore"
PROVIDER = "Campus Numérique Caraïbes"
TITLE = "Développeur web et web mobile"
VERIFY_URL = re.compile(r"https?://\S+/formations/certificats/[0-9a-f-]{36}/")


@pytest.fixture
def site_url(settings: Any, live_server: Any) -> str:
    """Certificates print SITE_URL under their QR code: here, the live server."""
    settings.SITE_URL = live_server.url
    return str(live_server.url)


def verification_url_in(pdf: Path) -> str:
    """The address printed under the QR code, read back from the PDF as a person would read it."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext est introuvable : installez le paquet Debian poppler-utils"
    text = subprocess.run(  # noqa: S603 — fixed executable, the PDF the browser downloaded
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    match = VERIFY_URL.search(text)
    assert match, f"Pas d'adresse de vérification dans le PDF :\n{text}"
    return match.group(0)


def test_a_learner_enrols_from_the_catalogue_and_verifies_the_certificate_of_the_qr_link(
    new_context: Callable[..., BrowserContext],
    outbox: list[Any],
    site_url: str,
    tmp_path: Path,
) -> None:
    provider = OrganisationFactory(provider=True, name=PROVIDER)
    staff = provider_actor(provider)
    programme = certifying_programme(actor=staff, title=TITLE)
    session = make_session(programme, commune=CommuneFactory(lamentin=True), starts_in_days=20)
    make_programme(actor=staff, title="Bureautique pour les seniors", domain="office")
    learner = UserFactory(email="melissa@exemple.mq", first_name="Mélissa", last_name="Théodore")
    starts = f"{session.starts_on:%d/%m/%Y}"
    today = f"{timezone.localdate():%d/%m/%Y}"

    # The learner, on a phone, signs in with a code and finds the training without typing accents.
    phone = new_context(viewport=PHONE_360).new_page()
    sign_in_with_code(phone, outbox, learner.email)
    open_menu(phone)
    phone.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Formations", exact=True
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Catalogue des formations au numérique"
    )
    phone.get_by_label("Mots-clés").fill("developpeur")
    phone.get_by_label("Mots-clés").press("Enter")
    expect(phone.get_by_text("1 formation trouvée")).to_be_visible()
    expect(phone.get_by_role("link", name="Bureautique pour les seniors")).to_have_count(0)
    phone.get_by_role("link", name=TITLE).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.get_by_text("RNCP RNCP37674 — Ministère du Travail")).to_be_visible()
    phone.get_by_role("link", name=f"{starts} – {session.ends_on:%d/%m/%Y}").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(f"{TITLE} : session du {starts}")
    expect(phone.get_by_text("Le Lamentin")).to_be_visible()
    enrolment_box = phone.get_by_role("region", name="Inscription")
    # The name on the roster and the certificate comes from the account, already filled in.
    expect(enrolment_box.get_by_label("Prénom :", exact=True)).to_have_value("Mélissa")
    expect(enrolment_box.get_by_label("Nom :", exact=True)).to_have_value("Théodore")
    enrolment_box.get_by_label("Message à l'organisme (facultatif)").fill(
        "Je suis en reconversion, disponible tout de suite."
    )
    enrolment_box.get_by_role("button", name="S'inscrire").click()
    expect(phone.get_by_text(f"Votre demande est envoyée à {PROVIDER}")).to_be_visible()
    expect(phone.get_by_role("region", name="Inscription")).to_contain_text(
        "Votre inscription : Demande envoyée"
    )

    # The provider, at a desk, finds the request from « Mes formations » and runs the roster.
    desk = new_context()
    sign_in(desk, site_url, staff.user, provider)
    office = desk.new_page()
    office.goto("/")
    office.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes formations"
    ).click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Mes formations")
    office.get_by_role("link", name=f"Session du {starts}").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        f"Inscriptions : {TITLE}, session du {starts}"
    )
    row = office.get_by_role("row", name=re.compile(LEARNER))
    expect(row).to_contain_text("Je suis en reconversion")
    expect(row).to_contain_text("Demande envoyée")
    for button, status in (
        ("Accepter", "Acceptée"),
        ("En formation", "En formation"),
        ("Formation terminée", "Formation terminée"),
    ):
        office.get_by_role("button", name=f"{button} — {LEARNER}").click()
        expect(office.get_by_role("status")).to_contain_text(f"{LEARNER} : {status}.")
        expect(office.get_by_role("row", name=re.compile(LEARNER))).to_contain_text(status)
    office.get_by_role("link", name=f"Délivrer le certificat — {LEARNER}").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Délivrer le certificat")
    office.get_by_role("button", name="Délivrer le certificat").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Certificats délivrés")
    expect(office.get_by_text(f"Certificat délivré à {LEARNER}")).to_be_visible()

    # The learner finds the certificate in « Mes formations », downloads the PDF, follows its link.
    phone.goto("/")
    phone.get_by_role("link", name="Mes formations").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mes formations")
    mine = phone.get_by_role("row", name=re.compile(TITLE))
    expect(mine).to_contain_text("Formation terminée")
    expect(mine.get_by_role("link", name=f"Vérifier le certificat — {LEARNER}")).to_be_visible()
    with phone.expect_download() as download_info:
        mine.get_by_role("link", name=f"PDF — {TITLE}").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    url = verification_url_in(pdf)
    assert url.startswith(site_url)
    assert certificate_qr_payload(Certificate.objects.get()) == url

    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Certificat valide")
    expect(phone.get_by_text(LEARNER, exact=True)).to_be_visible()
    expect(phone.get_by_text(TITLE, exact=True)).to_be_visible()
    expect(phone.get_by_text(f"{PROVIDER} (profil et clés publiques)")).to_be_visible()
    expect(phone.get_by_text(today, exact=True)).to_be_visible()

    # The provider revokes it with a reason; the same address now says so, with the date.
    office.get_by_role("link", name=f"Révoquer — {LEARNER}").click()
    office.get_by_label("Motif de la révocation").fill(
        "Épreuve finale annulée par le certificateur."
    )
    office.get_by_role("button", name="Révoquer le certificat").click()
    expect(office.get_by_text(f"Le certificat de {LEARNER} est révoqué.")).to_be_visible()

    phone.reload()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Certificat révoqué le {today}")
    expect(phone.get_by_text("Épreuve finale annulée par le certificateur.")).to_be_visible()
    expect(phone.get_by_text(LEARNER, exact=True)).to_be_visible()
