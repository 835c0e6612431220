"""The agreement pages per role, the e-mailed links opened in a browser-less client, the form's
stipend warning, and the files: PDF (read back with pdftotext), CERFA XLSX and JSON."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lakou.partnerships.models import Agreement, AgreementLink, Application, Party, PlacementKind
from lakou.partnerships.services import agreements as services
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.partnerships.factories_agreements import (
    link_token,
    make_agreement,
    make_application,
)
from tests.pdf import pdf_text
from tests.world import World

pytestmark = pytest.mark.django_db
Status = Agreement.Status
LINK = re.compile(r"https?://[^/\s]+(/partenariats/conventions/lien/([^/\s]+)/)")


@pytest.fixture
def world() -> World:
    return World.build()


@pytest.fixture
def mails(settings: Any) -> None:
    """E-mails sent at once (on commit, captured) so that mail.outbox holds them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def of_world(world: World, status: str = Status.DRAFT, **fields: Any) -> Agreement:
    return make_agreement(
        status=status,
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
        **fields,
    )


def detail(agreement: Agreement) -> str:
    return reverse("partnerships:agreement_detail", kwargs={"pk": agreement.pk})


# ---------------------------------------------------------------- who sees what


def test_each_role_sees_its_own_agreements(world: World) -> None:
    mine = of_world(world, Status.SIGNED)
    elsewhere = make_agreement(status=Status.SIGNED)
    url = reverse("partnerships:agreement_list")
    for actor in ("company", "provider", "person"):
        page = world.client(actor).get(url).content.decode()
        assert detail(mine) in page, actor
        assert detail(elsewhere) not in page, actor
    page = world.client("federation").get(url).content.decode()
    assert detail(mine) in page
    assert detail(elsewhere) in page
    assert world.client("other_company").get(detail(mine)).status_code == 404
    assert world.client("epci").get(url).status_code == 403


def test_the_company_lists_its_interns_and_the_school_its_learners_placements(world: World) -> None:
    draft = of_world(world)
    active = of_world(world, Status.ACTIVE)
    url = reverse("partnerships:agreement_placements")
    page = world.client("company").get(url).content.decode()
    assert "Mes stagiaires et apprentis" in page
    assert detail(active) in page
    assert detail(draft) not in page
    page = world.client("provider").get(url).content.decode()
    assert "Stages de mes apprenants" in page
    assert detail(active) in page


def test_menus_and_homes(world: World) -> None:
    of_world(world, Status.READY_TO_SIGN)
    make_application(
        company=world.organisations["company"], learner=UserFactory(first_name="Kevin")
    )
    home = world.client("company").get("/").content.decode()
    assert "Conventions" in home
    assert "Mes stagiaires et apprentis" in home
    assert "convention attend votre signature" in home
    assert "candidature acceptée sans convention" in home
    home = world.client("provider").get("/").content.decode()
    assert "Stages de mes apprenants" in home
    assert "convention attend votre signature" in home
    home = world.client("person").get("/").content.decode()
    assert "convention attend votre signature" in home
    assert "Conventions" not in world.client("epci").get("/").content.decode()


# ---------------------------------------------------------------- the company writes and sends


def test_the_company_establishes_completes_and_sends_the_agreement(
    world: World, mails: None, django_capture_on_commit_callbacks: Any
) -> None:
    application = make_application(
        company=world.organisations["company"],
        school=world.organisations["provider"],
        learner=world.users["person"],
    )
    client = world.client("company")
    url = reverse("partnerships:agreement_create", kwargs={"application_pk": application.pk})
    assert "Créer la convention en brouillon" in client.get(url).content.decode()
    response = client.post(url)
    agreement = Agreement.objects.get(application=application)
    assert response.url == reverse("partnerships:agreement_edit", kwargs={"pk": agreement.pk})
    # Opening it again leads to the agreement, never to a second one.
    assert client.get(url).url == detail(agreement)

    edit = reverse("partnerships:agreement_edit", kwargs={"pk": agreement.pk})
    form = client.get(edit)
    assert "Gratification minimale" in form.content.decode()
    assert "4,35" in form.content.decode() or "4.35" in form.content.decode()
    data = {
        "school": world.organisations["provider"].pk,
        "title": agreement.title,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "activities": "Développer des pages",
        "weekly_hours": "35",
        "total_hours": "420",
        "schedule": "8 h – 16 h",
        "tutor_name": "Fritz Dorval",
        "tutor_position": "Gérant",
        "tutor_email": "tuteur@exemple.mq",
        "tutor_phone": "0696 12 34 56",
        "teacher_name": "Nadège Célestine",
        "teacher_email": "referente@exemple.mq",
        "competences": "HTML",
        "stipend_monthly": "500",
        "stipend_terms": "Virement mensuel",
        "benefits": "",
        "leave_terms": "Selon le règlement",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 400
    assert "obligatoirement gratifié" in refused.content.decode()
    saved = client.post(edit, {**data, "stipend_monthly": "660"})
    assert saved.status_code == 302
    agreement.refresh_from_db()
    assert agreement.tutor_phone == "+596696123456"

    submit = reverse("partnerships:agreement_submit", kwargs={"pk": agreement.pk})
    assert "Envoyer à la signature" in client.get(submit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit, {"confirme": "oui"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.READY_TO_SIGN
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [world.users["person"].email, "tuteur@exemple.mq", "referente@exemple.mq"]
    )
    # The edit page now refuses: back to draft first.
    assert client.get(edit).status_code == 302


def test_the_parties_sign_from_the_emailed_links(
    world: World, mails: None, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = of_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(
            actor=world.actor("company"), agreement=Agreement.objects.get(pk=agreement.pk)
        )
    links = {m.to[0]: LINK.search(m.body) for m in mail.outbox}
    assert all(links.values())
    anonymous = Client()
    for email in ("tuteur@exemple.mq", "referente@exemple.mq", world.users["person"].email):
        path = links[email].group(1)  # type: ignore[union-attr]
        page = anonymous.get(path)
        assert page.status_code == 200
        assert "Je signe la convention" in page.content.decode()
        missing_box = anonymous.post(path, {"signer_name": "X", "signer_role": "Y"})
        assert missing_box.status_code == 400
        with django_capture_on_commit_callbacks(execute=True):
            done = anonymous.post(
                path,
                {"signer_name": "Nom Prénom", "signer_role": "Signataire", "read": "on"},
                HTTP_USER_AGENT="Navigateur de test",
            )
        assert done.url == reverse("partnerships:agreement_link_done")
        used = anonymous.get(path)
        assert used.status_code == 410
        assert "déjà servi" in used.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNED
    assert {s.user_agent for s in agreement.signatures.all()} == {"Navigateur de test"}
    assert any("signée par les trois parties" in m.subject for m in mail.outbox)


def test_wrong_and_expired_links_say_so_in_french(world: World) -> None:
    agreement = of_world(world, Status.READY_TO_SIGN)
    token = link_token(agreement, Party.SCHOOL)
    for wrong in ("inconnu", token[:-1]):
        page = Client().get(reverse("partnerships:agreement_link", kwargs={"token": wrong}))
        assert page.status_code == 404
        assert "Ce lien ne fonctionne pas" in page.content.decode()
    AgreementLink.objects.filter(agreement=agreement, party=Party.SCHOOL).update(
        expires_at="2000-01-01T00:00:00Z"
    )
    page = Client().get(reverse("partnerships:agreement_link", kwargs={"token": token}))
    assert page.status_code == 410
    assert "expiré" in page.content.decode()


def test_a_party_asks_for_a_change_from_its_link(world: World) -> None:
    agreement = of_world(world, Status.PARTLY_SIGNED)
    token = link_token(agreement, Party.SCHOOL)
    url = reverse("partnerships:agreement_link_change", kwargs={"token": token})
    assert "signatures déjà données seront annulées" in Client().get(url).content.decode()
    response = Client().post(url, {"confirme": "oui", "reason": "Le référent a changé."})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    assert agreement.signatures.filter(voided_at__isnull=True).count() == 0


def test_the_learner_signs_from_the_account(world: World) -> None:
    agreement = of_world(world, Status.READY_TO_SIGN)
    client = world.client("person")
    assert "Signer la convention" in client.get(detail(agreement)).content.decode()
    url = reverse("partnerships:agreement_sign", kwargs={"pk": agreement.pk})
    response = client.post(
        url, {"signer_name": "Line Jean-Baptiste", "signer_role": "Stagiaire", "read": "on"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.PARTLY_SIGNED
    [signature] = agreement.signatures.all()
    assert signature.party == Party.LEARNER
    assert signature.signer == world.users["person"]
    assert (
        "Vérifiée : le texte signé n'a pas changé."
        in client.get(detail(agreement)).content.decode()
    )


def test_break_off_and_evaluation_pages(world: World) -> None:
    agreement = of_world(world, Status.ACTIVE)
    client = world.client("provider")
    url = reverse("partnerships:agreement_break_off", kwargs={"pk": agreement.pk})
    refused = client.post(
        url, {"confirme": "oui", "on": agreement.ends_on.replace(year=2099), "reason": "x"}
    )
    assert refused.status_code == 400
    assert "dépasser la date de fin" in refused.content.decode()

    token = link_token(agreement, Party.COMPANY, AgreementLink.Purpose.FINAL_EVALUATION)
    link = reverse("partnerships:agreement_link", kwargs={"token": token})
    page = Client().get(link).content.decode()
    assert "Évaluation finale" in page
    assert "Ne s&#x27;est pas présenté" in page
    response = Client().post(
        link,
        {
            "evaluator_name": "Fritz Dorval",
            "assessment": "Parti en cours de route.",
            "attendance": "partly",
            "job_offer": "none",
        },
    )
    assert response.status_code == 302
    evaluation = agreement.evaluations.get()
    assert (evaluation.attendance, evaluation.job_offer) == ("partly", "none")

    response = client.post(
        url, {"confirme": "oui", "on": agreement.starts_on.isoformat(), "reason": "Abandon"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.BROKEN_OFF


def test_the_create_page_refuses_an_application_not_accepted(world: World) -> None:
    application = make_application(
        company=world.organisations["company"], status=Application.Status.EXAMINING
    )
    url = reverse("partnerships:agreement_create", kwargs={"application_pk": application.pk})
    client = world.client("company")
    assert client.get(url).status_code == 409
    assert client.post(url).status_code == 409
    assert not Agreement.objects.filter(application=application).exists()


# ---------------------------------------------------------------- files


def test_the_pdf_has_every_legal_field_and_the_signatures(world: World, tmp_path: Path) -> None:
    agreement = of_world(world, Status.SIGNED)
    response = world.client("company").get(
        reverse("partnerships:agreement_pdf", kwargs={"pk": agreement.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Activités confiées",
        "Développer des pages web",
        "Compétences à acquérir",
        "Durée totale de présence effective",
        "heures",
        "Du lundi au vendredi",
        "Fritz Dorval, Gérant",
        "tuteur@exemple.mq",
        "Nadège Célestine",
        "660,00 €",
        "Virement à la fin de chaque mois",
        "Tickets restaurant",
        "Deux jours d'absence",
        "Signataire learner",
        "Signataire company",
        "Signataire school",
        "Vérifiée",
        services.agreement_hash(agreement)[:20],
    ):
        assert expected in text, expected


def test_the_cerfa_exports_read_back(world: World) -> None:
    from openpyxl import load_workbook

    agreement = of_world(
        world,
        Status.SIGNED,
        kind=PlacementKind.APPRENTICESHIP,
        master_diploma='=HYPERLINK("http://exemple.test")',
    )
    client = world.client("company")
    xlsx = client.get(
        reverse(
            "partnerships:agreement_cerfa", kwargs={"pk": agreement.pk, "export_format": "xlsx"}
        )
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert rows["employeur.siret"][1] == agreement.employer_siret
    assert rows["formation.rncp"] == ("Formation — Code RNCP", "RNCP37674")
    assert rows["formation.cfa_uai"][1] == "9720825X"
    assert rows["remuneration.annee1"][1] == "53 % du SMIC"
    assert rows["apprenti.date_naissance"][1].date().isoformat() == "2005-03-14"
    # A formula typed in a field is written as text, never run.
    assert rows["maitre1.diplome"][1] == '\'=HYPERLINK("http://exemple.test")'
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"

    body = client.get(
        reverse(
            "partnerships:agreement_cerfa", kwargs={"pk": agreement.pk, "export_format": "json"}
        )
    ).json()
    assert body["cerfa"] == "FA 13 n° 10103"
    assert body["champs"]["formation.rncp"] == "RNCP37674"
    assert body["champs"]["apprenti.date_naissance"] == "2005-03-14"
    assert body["champs"]["contrat.duree_hebdomadaire"] == "35"
    assert body["champs"]["remuneration.annee2"] == "61 % du SMIC"
    assert body["libelles"]["employeur.naf"].endswith("(NAF)")
    json.dumps(body)
    # An internship has no CERFA.
    internship = of_world(world, Status.SIGNED)
    response = client.get(
        reverse(
            "partnerships:agreement_cerfa", kwargs={"pk": internship.pk, "export_format": "json"}
        )
    )
    assert response.status_code == 403


def test_the_professionalisation_contract_uses_the_contract_fields(world: World) -> None:
    agreement = of_world(world, Status.SIGNED, kind=PlacementKind.PROFESSIONALISATION)
    assert agreement.is_contract
    body = services.cerfa_json(agreement)
    assert body["champs"]["contrat.type"] == "Contrat de professionnalisation"


def test_perms_of_the_writes(world: World) -> None:
    agreement = of_world(world, Status.ACTIVE)
    for actor in ("provider", "person"):
        client = world.client(actor)
        assert (
            client.post(
                reverse("partnerships:agreement_end", kwargs={"pk": agreement.pk})
            ).status_code
            == 403
        )
    other = OrganisationFactory(provider=True)
    MembershipFactory(organisation=other)
    assert world.client("other_company").get(detail(agreement)).status_code == 404
    assert Decimal(agreement.weekly_hours or 0) == Decimal("35")
