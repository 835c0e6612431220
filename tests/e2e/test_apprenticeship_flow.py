"""The whole placement, in Chromium: a company posts an apprenticeship, a learner applies with a
CV, the company accepts and establishes the agreement, the three parties sign from the links in
their e-mails, and the agreement is under way on its start date."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from lakou.core.demo import demo_siret
from lakou.partnerships.models import Agreement, Application, Offer
from lakou.partnerships.services.agreements import agreements_daily, signature_is_valid
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.e2e.helpers import sign_in
from tests.e2e.test_agreements import link_for, patient_expect, site_url, slow_tolerant
from tests.territory.factories import CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["patient_expect", "site_url"]  # fixtures used by name

MASTER = "maitre.e2e@exemple.mq"
TEACHER = "cfa.e2e@exemple.mq"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_posted_apprenticeship_becomes_a_signed_agreement_under_way_on_its_first_day(
    new_context: Callable[..., BrowserContext],
    outbox: list[Any],
    site_url: str,
    patient_expect: None,
    tmp_path: Path,
) -> None:
    commune = CommuneFactory(lamentin=True)
    company = OrganisationFactory(
        company=True, name="Kaz Réseaux", siret=demo_siret(random.Random(1)), naf_code="62.02A"
    )
    cfa = OrganisationFactory(
        provider=True, name="CFA du numérique", siret=demo_siret(random.Random(2))
    )
    staff = MembershipFactory(organisation=company, user=UserFactory(email="gerante@exemple.mq"))
    learner = UserFactory(email="kevin@exemple.mq", first_name="Kévin", last_name="Marie-Sainte")
    starts_on = date.today() + timedelta(days=40)

    # The company posts the apprenticeship and publishes it.
    desk = slow_tolerant(new_context())
    sign_in(desk, site_url, staff.user, company)
    office = desk.new_page()
    office.goto("/partenariats/mes-offres/nouvelle/")
    office.get_by_label("Contrat d'apprentissage").check()
    office.get_by_label("Intitulé :", exact=True).fill("Apprenti technicien réseaux")
    office.get_by_label("Missions :", exact=True).fill(
        "Installer et dépanner les réseaux des clients, tenir l'inventaire."
    )
    office.get_by_label("Commune du lieu de travail :", exact=True).select_option(
        label=commune.name
    )
    office.get_by_label("Date de début :", exact=True).fill(starts_on.isoformat())
    office.get_by_label("Durée en semaines :", exact=True).fill("104")
    office.get_by_label("Heures par semaine :", exact=True).fill("35")
    office.get_by_label("École ou organisme de formation partenaire (facultatif) :").select_option(
        label=cfa.name
    )
    office.get_by_role("button", name="Enregistrer le brouillon").click()
    office.get_by_role("button", name="Publier l'offre").click()
    offer = Offer.objects.get(title="Apprenti technicien réseaux")
    assert offer.status == Offer.Status.PUBLISHED

    # The learner finds it in the public search and applies with a PDF CV.
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    person = slow_tolerant(new_context())
    sign_in(person, site_url, learner)
    page = person.new_page()
    page.goto("/partenariats/offres/")
    page.get_by_role("link", name="Apprenti technicien réseaux").first.click()
    page.get_by_role("link", name="Candidater").click()
    page.get_by_label("Votre message à l'entreprise").fill("Je prépare un BTS SIO, option réseaux.")
    page.get_by_label("Votre CV (fichier PDF, 5 Mo au plus)").set_input_files(str(cv))
    page.get_by_role("button", name="Envoyer ma candidature").click()
    application = Application.objects.get(offer=offer, learner=learner)
    assert application.status == Application.Status.NEW

    # The company accepts it from the offer's pipeline, then establishes the agreement.
    office.goto(f"/partenariats/offres/{offer.pk}/candidatures/")
    office.get_by_role("button", name=re.compile("^Accepter")).click()
    office.get_by_role("link", name=re.compile("^Établir la convention")).click()
    office.get_by_role("button", name="Créer la convention en brouillon").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Compléter la convention")
    expect(office.get_by_label("SIRET de l'employeur :", exact=True)).to_have_value(company.siret)
    for label, value in (
        ("Contact de l'entreprise qui signe : nom", "Max Joseph-Angélique"),
        ("Fonction du tuteur", "Gérant"),
        ("E-mail du tuteur", MASTER),
        ("Référent du CFA : nom", "Rose Lubin"),
        ("Référent du CFA : e-mail", TEACHER),
        ("Effectif salarié de l'entreprise", "4"),
        ("Date de naissance de l'apprenti", "2006-05-14"),
        ("Maître d'apprentissage : nom et prénom", "Max Joseph-Angélique"),
        ("Maître d'apprentissage : date de naissance", "1978-02-03"),
        ("Maître d'apprentissage : emploi occupé", "Gérant, technicien réseaux"),
        ("Maître d'apprentissage : diplôme le plus élevé", "BTS Systèmes numériques"),
        ("Diplôme ou titre préparé", "BTS Services informatiques aux organisations"),
        ("Code RNCP du diplôme", "RNCP35340"),
        ("Numéro UAI du CFA", "9720829K"),
        ("Année 1 : salaire brut en % du SMIC", "53"),
        ("Année 2 : salaire brut en % du SMIC", "61"),
    ):
        office.get_by_label(f"{label} :", exact=True).fill(value)
    office.get_by_role("button", name="Enregistrer").click()
    expect(office.get_by_text("La convention est enregistrée.")).to_be_visible()
    office.get_by_role("link", name="Envoyer à la signature").click()
    office.get_by_role("button", name="Envoyer à la signature").click()
    expect(office.get_by_text("chaque partie reçoit son lien de signature")).to_be_visible()
    agreement = Agreement.objects.get(application=application)
    assert agreement.status == Agreement.Status.READY_TO_SIGN

    # The apprentice, the apprenticeship master and the CFA sign from their e-mails.
    for email, name, role in (
        (learner.email, "Kévin Marie-Sainte", "Apprenti"),
        (MASTER, "Max Joseph-Angélique", "Gérant, pour l'entreprise"),
        (TEACHER, "Rose Lubin", "Référente du CFA"),
    ):
        signer = slow_tolerant(new_context()).new_page()
        signer.goto(link_for(outbox, email))
        signer.get_by_label("Votre nom et prénom").fill(name)
        signer.get_by_label("À quel titre signez-vous ?").fill(role)
        signer.get_by_label("J'ai lu la convention et je l'accepte.").check()
        signer.get_by_role("button", name="Je signe la convention").click()
        expect(signer.get_by_role("heading", level=1)).to_have_text("Merci, c'est enregistré")

    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert all(signature_is_valid(s) for s in agreement.signatures.all())

    # On its first day (Martinique time) it is under way.
    assert agreements_daily(today=starts_on - timedelta(days=1)).activated == 0
    assert agreements_daily(today=starts_on).activated == 1
    office.goto(f"/partenariats/conventions/{agreement.pk}/")
    expect(office.get_by_text("État : En cours")).to_be_visible()
