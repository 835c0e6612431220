"""Demo offers and applications: about 25 placement offers of the three kinds and 6 job offers (CDI,
CDD, freelance missions) from demo companies across the communes, and applications from demo
persons in every state, some unanswered for over 30 days, some jobs' hires confirmed.

Each offer names the competences of its ROME occupation in OFFER_COMPETENCES (DigComp and e-CF
codes of the reference data). They are the demo's choices, made to be plausible for each
occupation: the reference data has no ROME → competence table, and this is not one.

Written through the services (as companies and learners do it), then dated back where a state
needs time to have passed (an application sent 40 days ago, a job offer on line for months until
its posts are filled). Nothing is e-mailed while seeding. Each application carries a small PDF CV
made here, never a file from elsewhere. `date_back_offer` and `date_back_application` date the
offers and applications of the orientation demo (matching) the same way.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation, User
from lakou.accounts.services import membership_add
from lakou.core.actor import Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.partnerships.models import Application, Offer, PlacementKind
from lakou.partnerships.services.applications import (
    application_accept,
    application_confirm_hire,
    application_examine,
    application_refuse,
    application_submit,
    application_withdraw,
    applications_flag_unanswered,
)
from lakou.partnerships.services.offers import (
    OfferData,
    OfferError,
    offer_close,
    offer_create,
    offer_publish,
)
from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune

LEARNER_EMAIL = f"apprenante@{DEMO_DOMAIN}"
HIRING_COMPANIES = 12
COMPANY_EMAIL = f"entreprise@{DEMO_DOMAIN}"
OFFER_COUNT = 25

# (kind, title, missions, ROME codes to try in order). The codes are ROME 4.0 fiches of the
# skills data; a code missing from the loaded data leaves the offer without an occupation.
OFFER_TEMPLATES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        PlacementKind.INTERNSHIP,
        "Stage développeur web",
        "Participer au développement du site de commande en ligne : pages, formulaires, "
        "tests, mise en ligne, avec un développeur de l'équipe.",
        ("M1805",),
    ),
    (
        PlacementKind.APPRENTICESHIP,
        "Apprenti technicien réseaux",
        "Installer et dépanner le réseau et les postes des clients, suivre les tickets, "
        "documenter les interventions.",
        ("I1401", "M1801", "M1810"),
    ),
    (
        PlacementKind.INTERNSHIP,
        "Stage assistant community manager",
        "Préparer le calendrier des publications, rédiger et illustrer les posts, suivre les "
        "statistiques des réseaux sociaux.",
        ("E1101",),
    ),
    (
        PlacementKind.PROFESSIONALISATION,
        "Contrat de professionnalisation — support informatique",
        "Accueillir les demandes des utilisateurs, résoudre les incidents courants, préparer les "
        "nouveaux postes de travail.",
        ("I1401", "M1810", "M1801"),
    ),
    (
        PlacementKind.APPRENTICESHIP,
        "Apprenti développeur d'applications",
        "Développer de nouvelles fonctions de l'application de gestion, écrire les tests, "
        "participer aux revues de code.",
        ("M1805",),
    ),
    (
        PlacementKind.INTERNSHIP,
        "Stage analyste de données",
        "Nettoyer et croiser les données de ventes, construire des tableaux de bord, présenter "
        "les résultats à l'équipe.",
        ("M1419", "M1805"),
    ),
    (
        PlacementKind.PROFESSIONALISATION,
        "Contrat de professionnalisation — webmarketing",
        "Animer le site et la lettre d'information, améliorer le référencement, suivre les "
        "campagnes publicitaires en ligne.",
        ("M1718", "E1405"),
    ),
    (
        PlacementKind.INTERNSHIP,
        "Stage technicien cybersécurité",
        "Inventorier le parc, vérifier les mises à jour et les sauvegardes, sensibiliser les "
        "salariés aux bons réflexes.",
        ("M1802", "M1810", "M1801"),
    ),
    (
        PlacementKind.APPRENTICESHIP,
        "Apprenti intégrateur web",
        "Intégrer les maquettes du site, adapter les pages aux téléphones, vérifier "
        "l'accessibilité.",
        ("E1210", "E1205"),
    ),
)

# Jobs: (kind, title, missions, ROME codes, weeks: None for a CDI, weekly hours).
JOB_TEMPLATES: tuple[tuple[str, str, str, tuple[str, ...], int | None, int], ...] = (
    (
        PlacementKind.JOB_PERMANENT,
        "Développeur full stack (H/F)",
        "Faire évoluer nos applications de réservation : interfaces, services, base de données, "
        "tests et mise en production, dans une équipe de quatre personnes.",
        ("M1805",),
        None,
        35,
    ),
    (
        PlacementKind.JOB_FIXED_TERM,
        "Technicien support informatique — CDD 6 mois",
        "Répondre aux appels des utilisateurs, dépanner les postes et les imprimantes, préparer "
        "le renouvellement du parc.",
        ("I1401", "M1810"),
        26,
        35,
    ),
    (
        PlacementKind.FREELANCE,
        "Mission freelance : refonte du site vitrine",
        "Refaire le site de l'entreprise avec un outil simple à mettre à jour, lisible sur "
        "téléphone, et former l'équipe à s'en servir.",
        ("E1210", "M1805"),
        8,
        20,
    ),
    (
        PlacementKind.JOB_PERMANENT,
        "Chargé de marketing digital",
        "Animer le site, la lettre d'information et les réseaux sociaux, suivre les campagnes "
        "et les statistiques de fréquentation.",
        ("M1718", "E1101"),
        None,
        35,
    ),
    (
        PlacementKind.JOB_FIXED_TERM,
        "Data analyst (CDD 12 mois)",
        "Rassembler les données des ventes et des stocks, construire les tableaux de bord, "
        "présenter chaque mois les résultats à la direction.",
        ("M1419",),
        52,
        35,
    ),
    (
        PlacementKind.JOB_PERMANENT,
        "Administrateur systèmes et réseaux à temps partiel",
        "Tenir à jour les serveurs, les sauvegardes et le réseau de nos trois agences, "
        "accompagner les salariés dans leurs usages.",
        ("M1801", "M1802"),
        None,
        24,
    ),
)

# ROME code → "framework:code" of the competences its offers name: the demo's choices (see the
# module docstring), DigComp for everyday digital skills, e-CF for the ICT professions.
OFFER_COMPETENCES: dict[str, tuple[str, ...]] = {
    "M1805": ("ecf:B.1", "ecf:B.3", "ecf:A.6", "digcomp:3.4"),  # developer
    "I1401": ("ecf:C.1", "ecf:C.4", "digcomp:5.1", "digcomp:4.1"),  # IT maintenance technician
    "M1801": ("ecf:C.3", "ecf:B.4", "ecf:E.8", "digcomp:5.1"),  # systems administrator
    "M1810": ("ecf:C.3", "ecf:C.4", "digcomp:5.1"),  # IT operations technician
    "M1802": ("ecf:E.8", "ecf:E.3", "digcomp:4.1", "digcomp:4.2"),  # systems and networks expert
    "E1101": ("digcomp:3.1", "digcomp:2.2", "digcomp:2.6", "ecf:D.12"),  # community manager
    "M1419": ("digcomp:1.3", "digcomp:1.2", "ecf:D.10"),  # data analyst
    "M1718": ("ecf:D.12", "digcomp:3.1", "digcomp:1.2"),  # digital marketing
    "E1405": ("ecf:D.12", "digcomp:3.2", "digcomp:1.1"),  # web referencing (SEO)
    "E1210": ("digcomp:3.1", "digcomp:3.2", "digcomp:3.4", "ecf:B.2"),  # web designer
    "E1205": ("digcomp:3.1", "digcomp:3.2", "digcomp:3.3"),  # graphic designer
}

SCHOOL_NOTES = ("", "", "Selon la grille de l'apprentissage", "Tickets restaurant")

MESSAGES = (
    "Bonjour, je suis en formation et cette offre correspond à ce que je cherche. Je suis "
    "disponible aux dates indiquées.",
    "Bonjour, je termine mon BTS et je souhaite découvrir votre entreprise. Vous trouverez mon "
    "CV en pièce jointe.",
    "Bonjour, en reconversion, je suis très motivée par ce poste. Je peux venir vous rencontrer "
    "quand vous le souhaitez.",
)


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "").replace("(", "")
    safe = safe.replace(")", "")
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def competences_by_key() -> dict[str, Competence]:
    """Every competence of the reference data by "framework:code"."""
    return {
        f"{c.framework.code}:{c.code}": c for c in Competence.objects.select_related("framework")
    }


def offer_competences(
    occupation: Occupation | None, competences: dict[str, Competence]
) -> tuple[Competence, ...]:
    """The competences an offer of this occupation names (OFFER_COMPETENCES), those loaded."""
    if occupation is None:
        return ()
    keys = OFFER_COMPETENCES.get(occupation.code_rome, ())
    return tuple(competences[key] for key in keys if key in competences)


def date_back_offer(
    offer: Offer, *, published: dt.datetime, closed: dt.datetime | None = None
) -> None:
    """Dates only, once the services have published (and closed) the offer: written the day it
    was published."""
    dates = {"created_at": published, "published_at": published}
    if closed is not None:
        dates["closed_at"] = closed
    Offer.objects.filter(pk=offer.pk).update(**dates)


def date_back_application(
    application: Application,
    *,
    sent: dt.datetime,
    decided: dt.datetime | None = None,
    hired: dt.datetime | None = None,
) -> None:
    """Dates only, once the services have moved the application where it stands."""
    dates: dict[str, dt.datetime] = {"created_at": sent}
    if decided is not None:
        dates["decided_at"] = decided
    if hired is not None:
        dates["hire_confirmed_at"] = hired
    Application.objects.filter(pk=application.pk).update(**dates)


def _actor_for(organisation: Organisation) -> Actor | None:
    membership = (
        Membership.objects.active()
        .filter(organisation=organisation)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return None
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _companies(rng: random.Random) -> list[tuple[Organisation, Actor]]:
    """The named demo company first (its account shows the pipeline), then a dozen companies in
    different communes, each given a recruiting member if it has none."""
    named = Membership.objects.filter(
        user__email=COMPANY_EMAIL, organisation__kind=Organisation.Kind.COMPANY
    ).select_related("organisation", "user")
    chosen: list[tuple[Organisation, Actor]] = [
        (m.organisation, Actor(user=m.user, membership=m, memberships=(m,))) for m in named
    ]
    by_commune: dict[int, list[Organisation]] = {}
    for organisation in (
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY, commune__isnull=False)
        .exclude(pk__in=[organisation.pk for organisation, _actor in chosen])
        .order_by("pk")
    ):
        by_commune.setdefault(organisation.commune_id, []).append(organisation)  # type: ignore[arg-type]
    communes = sorted(by_commune)
    rng.shuffle(communes)
    for commune_id in communes[:HIRING_COMPANIES]:
        organisation = rng.choice(by_commune[commune_id])
        actor = _actor_for(organisation) or _recruiter(organisation)
        chosen.append((organisation, actor))
    return chosen


def _recruiter(organisation: Organisation) -> Actor:
    """A member who recruits for a demo company that has none (named from its own seed)."""
    first, last = person_name(random.Random(organisation.siret))  # noqa: S311 - a name, no secret
    user, _created = User.objects.get_or_create(
        email=f"recrutement.{organisation.siret}@{DEMO_DOMAIN}",
        defaults={"first_name": first, "last_name": last, "password": "!demo"},
    )
    membership = membership_add(
        actor=None, organisation=organisation, user=user, role=Membership.Role.ADMIN
    )
    return Actor(user=user, membership=membership, memberships=(membership,))


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Offer.objects.exists():
        return _counts()
    communes = list(Commune.objects.defer("boundary").order_by("insee_code"))
    if not communes:
        return _counts()
    occupations = {o.code_rome: o for o in Occupation.objects.all()}
    competences = competences_by_key()
    schools = list(Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).order_by("pk"))
    learners = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_EMAIL)
        .order_by("pk")[:80]
    )
    named_learner = User.objects.filter(email=LEARNER_EMAIL).first()
    with emails_held_back():
        companies = _companies(rng)
        if not companies:
            return _counts()
        offers = _offers(rng, companies, communes, occupations, competences, schools)
        _applications(rng, offers, learners, named_learner)
        applications_flag_unanswered()
    return _counts()


def _offers(
    rng: random.Random,
    companies: list[tuple[Organisation, Actor]],
    communes: list[Commune],
    occupations: dict[str, Occupation],
    competences: dict[str, Competence],
    schools: list[Organisation],
) -> list[tuple[Offer, Actor]]:
    today = timezone.localdate()
    made: list[tuple[Offer, Actor]] = []
    for index in range(OFFER_COUNT):
        kind, title, missions, codes = OFFER_TEMPLATES[index % len(OFFER_TEMPLATES)]
        organisation, actor = companies[index % len(companies)]
        commune = organisation.commune or communes[index % len(communes)]
        if index >= len(companies):  # the same company hiring elsewhere in the island
            commune = rng.choice(communes)
        occupation = next((occupations[c] for c in codes if c in occupations), None)
        is_internship = kind == PlacementKind.INTERNSHIP
        weeks = rng.choice((8, 10, 12, 16, 24)) if is_internship else rng.choice((52, 78, 104))
        # The legal minimum for an internship over two months (4,35 € an hour in 2025);
        # contracts: a plausible share of the minimum wage, or left to define.
        hours = Decimal(35)
        if is_internship:
            pay: Decimal | None = (Decimal("4.35") * hours * Decimal("4.33")).quantize(Decimal(1))
        else:
            pay = rng.choice((Decimal(1100), Decimal(1350), Decimal(1450), None))
        data = OfferData(
            kind=kind,
            title=title,
            description=missions,
            commune=commune,
            starts_on=today + dt.timedelta(days=rng.randint(10, 150)),
            duration_weeks=weeks,
            weekly_hours=hours,
            occupation=occupation,
            competences=offer_competences(occupation, competences),
            monthly_pay=pay,
            pay_notes=rng.choice(SCHOOL_NOTES),
            school=rng.choice(schools) if schools and not is_internship else None,
            valid_through=today + dt.timedelta(days=rng.randint(30, 90))
            if rng.random() < 0.5
            else None,
        )
        try:
            offer = offer_create(actor=actor, data=data)
        except OfferError:
            continue
        made.append((offer, actor))
    for index, (kind, title, missions, codes, job_weeks, job_hours) in enumerate(JOB_TEMPLATES):
        organisation, actor = companies[(index * 5 + 1) % len(companies)]
        occupation = next((occupations[c] for c in codes if c in occupations), None)
        data = OfferData(
            kind=kind,
            title=title,
            description=missions,
            commune=organisation.commune or rng.choice(communes),
            starts_on=today + dt.timedelta(days=rng.randint(15, 90)),
            duration_weeks=job_weeks,
            weekly_hours=Decimal(job_hours),
            occupation=occupation,
            competences=offer_competences(occupation, competences),
            monthly_pay=rng.choice((Decimal(1900), Decimal(2300), Decimal(2800), None)),
            pay_notes=rng.choice(("", "Selon expérience", "Tickets restaurant, mutuelle")),
        )
        try:
            offer = offer_create(actor=actor, data=data)
        except OfferError:
            continue
        made.append((offer, actor))
    # Most published, a few drafts and closed ones; placements published 2 to 60 days ago, jobs
    # 100 to 300 days ago (on line until their posts are filled: the orientation demo's hires).
    for position, (offer, actor) in enumerate(made):
        if position % 8 == 7:
            continue  # a draft
        offer_publish(actor=actor, offer=offer)
        low, high = (100, 300) if offer.is_job else (2, 60)
        days = rng.randint(low, high) if position > 2 else 60
        date_back_offer(offer, published=timezone.now() - dt.timedelta(days=days))
    for position, (offer, actor) in enumerate(made):
        if position % 8 == 6:
            offer.refresh_from_db()
            offer_close(actor=actor, offer=offer)
    return made


STATES = ("new", "examining", "accepted", "refused", "withdrawn", "new_old", "examining_old")


def _applications(
    rng: random.Random,
    offers: list[tuple[Offer, Actor]],
    learners: list[User],
    named_learner: User | None,
) -> None:
    """Every state, on the published offers; some sent 35 to 50 days ago and still unanswered."""
    published = [(offer, actor) for offer, actor in offers if offer.status != Offer.Status.DRAFT]
    people = ([named_learner] if named_learner else []) + learners
    if not people or not published:
        return
    reasons = list(Application.RefusalReason.values)
    step = 0
    hires = 0  # one job's accepted application in two has its hire confirmed
    for offer, company in published:
        offer.refresh_from_db()
        was_closed = offer.status == Offer.Status.CLOSED
        if was_closed:  # closed after its applications came in: reopen the door while seeding
            Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.PUBLISHED)
        for _n in range(rng.randint(1, 4)):
            learner = people[step % len(people)]
            state = STATES[step % len(STATES)]
            step += 1
            if offer.is_job and hires == 0 and not was_closed:
                state = "accepted"  # the demo shows at least one confirmed hire
            person = Actor(user=learner)
            cv = ContentFile(
                minimal_pdf(f"CV de {learner.get_full_name() or 'candidat'}"), name="cv.pdf"
            )
            try:
                application = application_submit(
                    actor=person, offer=offer, message=rng.choice(MESSAGES), cv=cv
                )
            except OfferError:
                continue
            sent_days_ago = rng.randint(1, 25)
            if state in ("new_old", "examining_old"):
                sent_days_ago = rng.randint(35, 50)
            if state in ("examining", "examining_old"):
                application_examine(actor=company, application=application)
            elif state == "accepted":
                application_examine(actor=company, application=application)
                application_accept(actor=company, application=application)
                if offer.is_job and hires % 2 == 0:
                    application_confirm_hire(actor=company, application=application)
                hires += offer.is_job
            elif state == "refused":
                application_refuse(
                    actor=company, application=application, reason=rng.choice(reasons)
                )
            elif state == "withdrawn":
                application_withdraw(actor=person, application=application)
            sent = timezone.now() - dt.timedelta(days=sent_days_ago, hours=rng.randint(0, 10))
            Application.objects.filter(pk=application.pk).update(created_at=sent)
        if was_closed:
            Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.CLOSED)


def _counts() -> dict[str, int]:
    return {
        "offres de stage, d'alternance et d'emploi": Offer.objects.count(),
        "embauches confirmées": Application.objects.filter(hire_confirmed_at__isnull=False).count(),
        "candidatures": Application.objects.count(),
        "candidatures signalées sans réponse": Application.objects.filter(
            flagged_at__isnull=False
        ).count(),
    }
