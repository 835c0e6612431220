"""Demo placement agreements: internships and apprenticeships in every state, between demo
learners, companies and training providers, built through the services as people would.

Offers and accepted applications come from this seeder's own offers (titled as such), so that it
does not depend on the offers seeder; the named company (Boulangerie Lakay) hosts one agreement in
each state with the named provider (Kolibri Académie), its tutor and the provider's contact being
the demo accounts tuteur@ and referente@. Nothing is e-mailed while seeding.

`agreement_begun` draws up, signs and starts the agreement of an application accepted earlier in
the year, dated as it happened: the orientation demo (matching) calls it for its placements.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_UP, Decimal
from typing import Any

from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation, User
from lakou.core.actor import Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.partnerships.models import (
    Agreement,
    AgreementLink,
    Application,
    Offer,
    Party,
    PlacementKind,
)
from lakou.partnerships.services import agreements as services

Status = Agreement.Status
NAMED_COMPANY_SIRET = "90223456600013"
NAMED_PROVIDER_SIRET = "90334567600014"
LEARNER_EMAIL = f"apprenante@{DEMO_DOMAIN}"
TUTOR_EMAIL = f"tuteur@{DEMO_DOMAIN}"
SCHOOL_CONTACT_EMAIL = f"referente@{DEMO_DOMAIN}"

INTERNSHIPS = (
    (
        "Assistant(e) communication numérique",
        "Animer les réseaux sociaux, préparer les visuels des produits.",
        "Rédiger pour le web\nPublier sur les réseaux sociaux",
    ),
    (
        "Assistant(e) site de vente en ligne",
        "Mettre à jour les fiches produits et suivre les commandes en ligne.",
        "Gérer un catalogue en ligne\nSuivre une commande",
    ),
    (
        "Support informatique",
        "Installer les postes, aider les collègues, tenir l'inventaire.",
        "Diagnostiquer une panne simple\nDocumenter une intervention",
    ),
)
CONTRACTS = (
    (
        "Apprenti(e) développeur web",
        "Développer et maintenir le site de l'entreprise.",
        "Développer des pages web accessibles\nTester une application",
    ),
)
# The one diploma used for demo contracts; its RNCP code is the published one.
DIPLOMA = ("Titre professionnel Développeur web et web mobile", "RNCP37674")
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

BACK_TO_DRAFT = "back_to_draft"
# (status, kind, start in days from today, weeks)
NAMED_PLAN = (
    (Status.DRAFT, PlacementKind.INTERNSHIP, 45, 8),
    (Status.READY_TO_SIGN, PlacementKind.INTERNSHIP, 30, 12),
    (Status.PARTLY_SIGNED, PlacementKind.APPRENTICESHIP, 60, 104),
    (Status.SIGNED, PlacementKind.INTERNSHIP, 14, 10),
    (Status.ACTIVE, PlacementKind.APPRENTICESHIP, -120, 104),
    (Status.ACTIVE, PlacementKind.INTERNSHIP, -20, 12),
    (Status.ENDED, PlacementKind.INTERNSHIP, -150, 12),
    (Status.BROKEN_OFF, PlacementKind.INTERNSHIP, -60, 16),
    (Status.SIGNED, PlacementKind.PROFESSIONALISATION, 21, 52),
    # Signed by the learner, then the school asked for a change: back to draft, signature voided.
    (BACK_TO_DRAFT, PlacementKind.INTERNSHIP, 40, 10),
)
OTHER_STATES = (
    Status.DRAFT,
    Status.READY_TO_SIGN,
    Status.SIGNED,
    Status.ACTIVE,
    Status.ACTIVE,
    Status.ENDED,
    Status.BROKEN_OFF,
)


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Agreement.objects.exists():
        return _counts()
    company = Organisation.objects.filter(siret=NAMED_COMPANY_SIRET).first()
    provider = Organisation.objects.filter(siret=NAMED_PROVIDER_SIRET).first()
    learners = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_EMAIL)
        .order_by("pk")[:40]
    )
    if company is None or provider is None or not learners:
        return _counts()
    named_learner = User.objects.filter(email=LEARNER_EMAIL).first()
    today = timezone.localdate()
    with emails_held_back():
        for index, (status, kind, start, weeks) in enumerate(NAMED_PLAN):
            learner = named_learner if named_learner and index in (1, 5) else rng.choice(learners)
            _agreement(
                rng,
                company=company,
                school=provider,
                learner=learner,
                status=status,
                kind=kind,
                starts_on=today + timedelta(days=start),
                weeks=weeks,
                tutor=(TUTOR_EMAIL, "Joël Sainte-Luce"),
                contact=(SCHOOL_CONTACT_EMAIL, "Maëva Larcher"),
            )
        others = list(
            Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
            .exclude(pk=company.pk)
            .exclude(siret="")
            .order_by("pk")[: min(len(OTHER_STATES) * 2, max(scale.companies // 20, 7))]
        )
        schools = list(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).order_by("pk"))
        for index, other in enumerate(others):
            status = OTHER_STATES[index % len(OTHER_STATES)]
            kind = PlacementKind.APPRENTICESHIP if index % 3 == 2 else PlacementKind.INTERNSHIP
            start = {
                Status.ACTIVE: -rng.randint(10, 40),
                Status.ENDED: -rng.randint(120, 200),
                Status.BROKEN_OFF: -rng.randint(30, 60),
            }.get(status, rng.randint(10, 60))
            first, last = person_name(rng)
            _agreement(
                rng,
                company=other,
                school=rng.choice(schools),
                learner=rng.choice(learners),
                status=status,
                kind=kind,
                starts_on=today + timedelta(days=start),
                weeks=104 if kind == PlacementKind.APPRENTICESHIP else rng.choice((8, 10, 12)),
                tutor=(f"tuteur.{other.siret}@{DEMO_DOMAIN}", f"{first} {last}"),
                contact=(f"referent.{index}@{DEMO_DOMAIN}", " ".join(person_name(rng))),
            )
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "conventions": Agreement.objects.count(),
        "conventions en cours": Agreement.objects.filter(status=Status.ACTIVE).count(),
    }


def _company_actor(company: Organisation) -> Actor:
    membership = Membership.objects.filter(organisation=company).select_related("user").first()
    if membership is None:
        # A company without a demo account acts through an unsaved membership (no one logs in).
        membership = Membership(organisation=company, role=Membership.Role.ADMIN)
    return Actor(
        user=membership.user if membership.pk else None,
        membership=membership,
        memberships=(membership,),
    )


def _uai(rng: random.Random) -> str:
    digits = f"972{rng.randrange(0, 10_000):04d}"
    return digits + UAI_LETTERS[int(digits) % 23]


def _fields(
    rng: random.Random, agreement: Agreement, tutor: tuple[str, str], contact: tuple[str, str]
) -> dict[str, Any]:
    company, learner = agreement.company, agreement.learner
    values: dict[str, Any] = {
        "tutor_name": tutor[1],
        "tutor_position": rng.choice(("Gérant(e)", "Responsable d'équipe", "Chef(fe) de projet")),
        "tutor_email": tutor[0],
        "tutor_phone": f"+596696{rng.randrange(100_000, 999_999)}",
        "teacher_name": contact[1],
        "teacher_email": contact[0],
        "schedule": "Du lundi au vendredi, 8 h – 12 h et 13 h – 16 h",
        "benefits": rng.choice(
            ("Repas pris en charge le midi", "Remboursement de la moitié du titre de transport", "")
        ),
    }
    if agreement.is_contract:
        age = rng.randint(18, 25)
        born = date(timezone.localdate().year - age, rng.randint(1, 12), rng.randint(1, 28))
        percents = ("43", "51", "67") if age <= 20 else ("53", "61", "78")
        values.update(
            {
                "employer_siret": company.siret,
                "employer_naf": company.naf_code or "",
                "employer_headcount": rng.randint(1, 9)
                if company.size_band == "tpe"
                else rng.randint(10, 49),
                "apprentice_last_name": learner.last_name or "Inconnu",
                "apprentice_first_names": learner.first_name or "Inconnu",
                "apprentice_birth_date": born,
                "master_name": tutor[1],
                "master_birth_date": date(
                    rng.randint(1965, 1990), rng.randint(1, 12), rng.randint(1, 28)
                ),
                "master_position": values["tutor_position"],
                "master_diploma": rng.choice(
                    (
                        "BTS Services informatiques aux organisations",
                        "Licence professionnelle métiers de l'informatique",
                        "Baccalauréat professionnel",
                    )
                ),
                "diploma_title": DIPLOMA[0],
                "diploma_rncp": DIPLOMA[1],
                "cfa_name": agreement.school.name if agreement.school else "",
                "cfa_siret": (agreement.school.siret if agreement.school else "") or "",
                "cfa_uai": _uai(rng),
                "salary_by_year": [
                    {"year": year, "smic_percent": percent, "yearly_amount": ""}
                    for year, percent in enumerate(percents[:2], start=1)
                ],
            }
        )
    else:
        weekly = agreement.weekly_hours or Decimal(35)
        minimum = services.minimum_monthly_stipend(weekly)
        due = services.stipend_is_due(
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            total_hours=agreement.total_hours,
        )
        values.update(
            {
                "stipend_monthly": minimum.quantize(Decimal(1), rounding=ROUND_UP) if due else None,
                "stipend_terms": "Virement à la fin de chaque mois"
                if due
                else "Aucune gratification (stage de deux mois au plus)",
                "leave_terms": "Deux jours d'absence autorisée par mois, sur accord du tuteur",
            }
        )
    return values


def _sign(agreement: Agreement, party: str, name: str, role: str) -> None:
    token = services.agreement_link_issue(
        agreement, purpose=AgreementLink.Purpose.SIGN, party=party
    )
    link = services.link_lookup(token).link
    assert link is not None
    services.agreement_sign(agreement=agreement, link=link, signer_name=name, signer_role=role)


def _agreement(
    rng: random.Random,
    *,
    company: Organisation,
    school: Organisation,
    learner: User,
    status: str,
    kind: str,
    starts_on: date,
    weeks: int,
    tutor: tuple[str, str],
    contact: tuple[str, str],
) -> Agreement | None:
    title, missions, competences = rng.choice(
        CONTRACTS if kind != PlacementKind.INTERNSHIP else INTERNSHIPS
    )
    commune = company.commune or school.commune
    assert commune is not None, "demo companies and providers have a commune"
    offer = Offer.objects.create(
        company=company,
        school=school,
        kind=kind,
        title=title,
        description=missions,
        commune=commune,
        starts_on=starts_on,
        duration_weeks=weeks,
        weekly_hours=Decimal(35),
        monthly_pay=(
            services.minimum_monthly_stipend(Decimal(35)).quantize(Decimal(1), rounding=ROUND_UP)
            if kind == PlacementKind.INTERNSHIP and weeks > 8
            else None
        ),
        status=Offer.Status.CLOSED,
        published_at=timezone.now() - timedelta(days=60),
    )
    application = Application.objects.create(
        offer=offer,
        learner=learner,
        message="Bonjour, votre offre correspond à ma formation et je suis disponible à ces dates.",
        status=Application.Status.ACCEPTED,
        decided_at=timezone.now() - timedelta(days=30),
    )
    actor = _company_actor(company)
    agreement = services.agreement_create(actor=actor, application=application)
    agreement = services.agreement_update(
        actor=actor, agreement=agreement, changes={"competences": competences}
    )
    if status == Status.DRAFT:
        # Not yet complete: the tutor is still to be named.
        return agreement
    agreement = services.agreement_update(
        actor=actor, agreement=agreement, changes=_fields(rng, agreement, tutor, contact)
    )
    agreement = services.agreement_submit(actor=actor, agreement=agreement)
    learner_name = learner.get_full_name() or learner.email
    if status == Status.READY_TO_SIGN:
        return agreement
    _sign(
        agreement,
        Party.LEARNER,
        learner_name,
        "Stagiaire" if kind == PlacementKind.INTERNSHIP else "Apprenti(e)",
    )
    if status == Status.PARTLY_SIGNED:
        _sign(agreement, Party.SCHOOL, contact[1], "Référent(e) de l'organisme de formation")
        return agreement
    if status == BACK_TO_DRAFT:
        token = services.agreement_link_issue(
            agreement, purpose=AgreementLink.Purpose.SIGN, party=Party.SCHOOL
        )
        link = services.link_lookup(token).link
        assert link is not None
        return services.agreement_back_to_draft(
            agreement=agreement,
            link=link,
            reason="Les horaires de présence ne correspondent pas à l'emploi du temps de l'école.",
        )
    _sign(agreement, Party.COMPANY, tutor[1], "Tuteur, pour l'entreprise")
    _sign(agreement, Party.SCHOOL, contact[1], "Référent(e) de l'organisme de formation")
    agreement.refresh_from_db()
    if status == Status.SIGNED:
        return agreement
    services.agreements_activate_due(today=max(starts_on, timezone.localdate()))
    agreement.refresh_from_db()
    if status == Status.ACTIVE:
        if services.midpoint(agreement) <= timezone.localdate():
            _evaluate(agreement, "mid", tutor[1], rng)
        return agreement
    if status == Status.ENDED:
        agreement = services.agreement_end(actor=actor, agreement=agreement)
        _evaluate(agreement, "mid", tutor[1], rng)
        _evaluate(agreement, "final", tutor[1], rng)
        return agreement
    school_actor = Actor(
        user=None,
        membership=Membership(organisation=school, role=Membership.Role.ADMIN),
    )
    return services.agreement_break_off(
        actor=school_actor,
        agreement=agreement,
        on=min(
            agreement.ends_on,
            max(starts_on, timezone.localdate() - timedelta(days=rng.randint(1, 10))),
        ),
        reason=rng.choice(
            (
                "L'apprenant a trouvé un emploi et arrête sa formation.",
                "Déménagement de l'apprenant hors de Martinique.",
                "Accord commun : les missions ne correspondaient pas à la formation.",
            )
        ),
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def agreement_begun(
    rng: random.Random, *, application: Application, school: Organisation, signed_on: date
) -> Agreement:
    """The accepted application's agreement, drawn up by its company, signed by the three
    parties on `signed_on` and begun on the offer's start date (both past), then ended if its
    end date has passed — through the services, then dated as it happened."""
    company = application.offer.company
    actor = _company_actor(company)
    agreement = services.agreement_create(actor=actor, application=application)
    if agreement.school_id is None:
        agreement = services.agreement_update(
            actor=actor, agreement=agreement, changes={"school": school}
        )
    first, last = person_name(rng)
    changes = _fields(
        rng,
        agreement,
        (f"tuteur.{company.siret}@{DEMO_DOMAIN}", f"{first} {last}"),
        (f"referent.{school.siret}@{DEMO_DOMAIN}", " ".join(person_name(rng))),
    )
    if not agreement.competences:  # an offer that named none: the demo's own list
        changes["competences"] = rng.choice(CONTRACTS if agreement.is_contract else INTERNSHIPS)[2]
    agreement = services.agreement_update(actor=actor, agreement=agreement, changes=changes)
    agreement = services.agreement_submit(actor=actor, agreement=agreement)
    learner_name = application.learner.get_full_name() or application.learner.email
    parties = (
        (Party.LEARNER, learner_name, "Stagiaire" if not agreement.is_contract else "Apprenti(e)"),
        (Party.COMPANY, changes["tutor_name"], "Tuteur, pour l'entreprise"),
        (Party.SCHOOL, changes["teacher_name"], "Référent(e) de l'organisme de formation"),
    )
    for hour, (party, name, role) in enumerate(parties, start=9):
        token = services.agreement_link_issue(
            agreement, purpose=AgreementLink.Purpose.SIGN, party=party
        )
        link = services.link_lookup(token).link
        assert link is not None
        services.agreement_sign(
            agreement=agreement,
            link=link,
            signer_name=name,
            signer_role=role,
            now=_at(signed_on, hour),
        )
    services.agreements_activate_due(today=timezone.localdate())
    agreement.refresh_from_db()
    dates = {
        "created_at": _at(signed_on - timedelta(days=7), 10),
        "ready_at": _at(signed_on - timedelta(days=2), 10),
        "activated_at": _at(agreement.starts_on, 6),
    }
    if agreement.status == Status.ACTIVE and agreement.ends_on < timezone.localdate():
        agreement = services.agreement_end(actor=actor, agreement=agreement)
        dates["ended_at"] = _at(agreement.ends_on, 18)
    Agreement.objects.filter(pk=agreement.pk).update(**dates)
    agreement.refresh_from_db()
    return agreement


def _evaluate(agreement: Agreement, kind: str, name: str, rng: random.Random) -> None:
    purpose = (
        AgreementLink.Purpose.MID_EVALUATION
        if kind == "mid"
        else AgreementLink.Purpose.FINAL_EVALUATION
    )
    token = services.agreement_link_issue(agreement, purpose=purpose, party=Party.COMPANY)
    link = services.link_lookup(token).link
    assert link is not None
    final = kind == "final"
    services.evaluation_record(
        link=link,
        evaluator_name=name,
        assessment=rng.choice(
            (
                "Ponctuel(le), curieux(se), progresse vite.",
                "Bonne intégration dans l'équipe ; doit gagner en autonomie.",
                "Travail soigné, bonne communication avec les clients.",
            )
        ),
        competences_assessment="Compétences prévues acquises ou en cours d'acquisition.",
        attendance=rng.choice(("completed", "completed", "partly")) if final else "",
        job_offer=rng.choice(("cdd", "none", "cdi", "apprenticeship")) if final else "",
    )
