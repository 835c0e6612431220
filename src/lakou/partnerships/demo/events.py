"""Demo contests and hackathons: a hackathon already judged, with its partner challenges, eight
teams, a jury of three (one harsh, one lenient) and published results with badges; and a contest
whose registration is open.

Registrations, teams, projects, scores and results go through the services, as the pages do;
the hackathon's dates are moved to the past once its projects are handed in. Nothing is
e-mailed while seeding.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation, User
from lakou.core.actor import Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.partnerships.models import (
    Action,
    ActionKind,
    Event,
    Juror,
    Submission,
    Team,
)
from lakou.partnerships.services.events import (
    challenge_add,
    criterion_add,
    event_create,
    juror_add,
    juror_conflicts,
    participant_register,
    results_publish,
    score_record,
    submission_save,
    team_create,
    team_join,
)
from lakou.territory.models import Commune

MARTINIQUE = ZoneInfo("America/Martinique")
FEDERATION_EMAIL = f"federation@{DEMO_DOMAIN}"
COMPANY_EMAIL = f"entreprise@{DEMO_DOMAIN}"
LEARNER_EMAIL = f"apprenante@{DEMO_DOMAIN}"

CHALLENGES = (
    (
        "Prendre rendez-vous sans écran",
        "Permettre aux personnes âgées de prendre un rendez-vous en mairie ou chez le médecin "
        "par téléphone, avec un assistant vocal en français et en créole.",
        "1 500 € et six mois d'accompagnement",
    ),
    (
        "Le circuit court en un clic",
        "Aider les petits producteurs à vendre leurs fruits et légumes en ligne aux habitants de "
        "leur commune, sans frais de plateforme.",
        "Un stand au marché de Fort-de-France et 1 000 €",
    ),
    (
        "Alerte cyclone pour tous",
        "Prévenir les habitants isolés des consignes en cas d'alerte météo, par SMS ou appel, "
        "avec les voisins volontaires du quartier.",
        "800 € et un an d'hébergement offert",
    ),
)
CRITERIA = (
    ("Utilité pour les habitants", 3),
    ("Originalité", 2),
    ("Faisabilité", 2),
    ("Qualité de la présentation", 1),
)
TEAMS = (
    ("Les Colibris", "Une personne à l'aise avec la voix et le son"),
    ("Madin'Code", ""),
    ("Ti Kréyòl Lab", "Un ou une graphiste"),
    ("Les Manicous", ""),
    ("Bèlè Data", "Quelqu'un qui connaît les marchés"),
    ("Zandoli Tech", ""),
    ("Koudmen Numérique", ""),
    ("Les Balaous", "Un développeur ou une développeuse"),
)
PROJECTS = (
    ("Allo Mairie", "Un numéro unique où un assistant vocal prend les rendez-vous."),
    ("Panier Péyi", "Une boutique en ligne commune aux producteurs d'une même commune."),
    ("Vwazinaj", "Un réseau de voisins volontaires prévenus en cas d'alerte météo."),
    ("Doktè Rendez-vous", "La prise de rendez-vous médicaux par téléphone, rappels par SMS."),
    ("Marché Lokal", "La carte des marchés et des producteurs, mise à jour par eux-mêmes."),
    ("Siklòn Info", "Les consignes officielles lues à voix haute, en français et en créole."),
    ("Koudmen", "Une entraide entre habitants pour les démarches en ligne."),
    ("Tibo", "Un robot de conversation qui guide pas à pas les démarches de la CAF."),
)


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Event.objects.exists():
        return _counts()
    federation_user = User.objects.filter(email=FEDERATION_EMAIL).first()
    federation = Organisation.objects.filter(kind=Organisation.Kind.FEDERATION).first()
    if federation_user is None or federation is None:
        return _counts()
    membership = Membership.objects.select_related("organisation").get(
        user=federation_user, organisation=federation
    )
    actor = Actor(user=federation_user, membership=membership, memberships=(membership,))
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_EMAIL)
        .order_by("pk")[:60]
    )
    companies = list(
        Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
        .exclude(siret="")
        .order_by("pk")[:6]
    )
    if len(people) < 40 or len(companies) < 4:
        return _counts()
    with emails_held_back():
        _hackathon(rng, actor, people[:34], companies)
        _contest(rng, actor, people[34:], companies)
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "événements (concours, hackathons)": Event.objects.count(),
        "équipes": Team.objects.count(),
        "projets déposés": Submission.objects.count(),
    }


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=MARTINIQUE)


def _action(
    *, kind: str, title: str, description: str, starts: dt.datetime, ends: dt.datetime, actor: Actor
) -> Action:
    commune = Commune.objects.filter(insee_code="97209").first()  # Fort-de-France
    action = Action.objects.create(
        kind=kind,
        title=title,
        description=description,
        starts_at=starts,
        ends_at=ends,
        is_online=commune is None,
        commune=commune,
        venue="Campus Caribéen des Arts" if commune else "",
        created_by=actor.user,
    )
    assert actor.organisation is not None
    action.organisers.add(actor.organisation)
    return action


def _hackathon(
    rng: random.Random, actor: Actor, people: list[User], companies: list[Organisation]
) -> None:
    today = dt.datetime.now(MARTINIQUE).date()
    weekend = today - dt.timedelta(days=40)
    action = _action(
        kind=ActionKind.HACKATHON,
        title="Hackathon « Le numérique au service des seniors »",
        description=(
            "Un week-end pour inventer, en équipe, des services numériques utiles aux personnes "
            "âgées et aux petites entreprises de Martinique. Ouvert à tous, débutants compris."
        ),
        starts=_local(weekend, 9),
        ends=_local(weekend + dt.timedelta(days=1), 18),
        actor=actor,
    )
    now = dt.datetime.now(MARTINIQUE)
    event = event_create(
        actor=actor,
        action=action,
        # Open while the teams form through the services; moved to the past afterwards.
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=1),
        submission_deadline=now + dt.timedelta(days=2),
        judging_ends_at=now + dt.timedelta(days=3),
        capacity=40,
        team_min=2,
        team_max=4,
        prize_places=3,
        rules=(
            "Équipes de 2 à 4 personnes. Chaque équipe dépose un projet avant la date limite. "
            "Le jury note chaque projet de 0 à 10 sur chaque critère."
        ),
    )
    challenges = [
        challenge_add(
            actor=actor,
            event=event,
            partner=companies[index],
            title=title,
            description=description,
            prize=prize,
        )
        for index, (title, description, prize) in enumerate(CHALLENGES)
    ]
    for name, weight in CRITERIA:
        criterion_add(actor=actor, event=event, name=name, weight=weight)

    # The jury: the demo company account, a member of another partner, and an independent one.
    company_user = User.objects.filter(email=COMPANY_EMAIL).first()
    jurors: list[Juror] = []
    if company_user is not None:
        jurors.append(juror_add(actor=actor, event=event, user=company_user))
    for index in (1, 2):
        first, last = person_name(rng)
        user = User.objects.create_user(
            email=f"jury.hackathon.{index}@{DEMO_DOMAIN}", first_name=first, last_name=last
        )
        if index == 1:
            Membership.objects.create(user=user, organisation=companies[3])
        jurors.append(juror_add(actor=actor, event=event, user=user))

    # Registrations and teams; one member works for the second juror's company (conflict rule).
    pool = people
    employee = User.objects.create_user(
        email=f"salarie.hackathon@{DEMO_DOMAIN}", first_name="Thierry", last_name="Cabrimol"
    )
    Membership.objects.create(user=employee, organisation=companies[3])
    cursor = 0
    teams: list[Team] = []
    for index, (name, looking_for) in enumerate(TEAMS):
        size = rng.randint(2, 4)
        members = pool[cursor : cursor + size]
        cursor += size
        if index == 3:
            members = [*members[:-1], employee]
        for member in members:
            participant_register(actor=Actor(user=member), event=event)
        founder, *others = members
        team = team_create(
            actor=Actor(user=founder),
            event=event,
            name=name,
            looking_for=looking_for,
            challenge=challenges[index % len(challenges)],
        )
        for other in others:
            team_join(actor=Actor(user=other), event=event, code=team.code)
        title, description = PROJECTS[index]
        submission_save(
            actor=Actor(user=founder),
            team=team,
            title=title,
            description=description,
            link=f"https://exemple.mq/hackathon/{team.code.lower()}",
        )
        teams.append(team)

    # The weekend is over: the dates move to the past, the projects to the Sunday afternoon.
    Event.objects.filter(pk=event.pk).update(
        registration_opens_at=_local(weekend - dt.timedelta(days=30), 8),
        registration_closes_at=_local(weekend, 9),
        submission_deadline=_local(weekend + dt.timedelta(days=1), 15),
        judging_ends_at=_local(weekend + dt.timedelta(days=8), 18),
    )
    for minutes, team in enumerate(teams):
        Submission.objects.filter(team=team).update(
            submitted_at=_local(weekend + dt.timedelta(days=1), 13)
            + dt.timedelta(minutes=7 * minutes)
        )
    event.refresh_from_db()
    _scores(rng, event, jurors, teams)
    results_publish(actor=actor, event=event)


def _scores(rng: random.Random, event: Event, jurors: list[Juror], teams: list[Team]) -> None:
    """Each project has a hidden quality; the harsh juror marks low, the lenient one high."""
    criteria = list(event.criteria.all())
    quality = {team.pk: rng.uniform(3.5, 9.0) for team in teams}
    styles = [(0.7, -1.5), (0.4, 5.5), (1.0, 0.0)]  # harsh, lenient, neutral: (scale, shift)
    for juror, (factor, shift) in zip(jurors, styles, strict=False):
        for team in teams:
            if juror_conflicts(juror, team):
                continue
            values = {
                criterion.pk: max(
                    0,
                    min(10, round(quality[team.pk] * factor + shift + rng.uniform(-1.2, 1.2))),
                )
                for criterion in criteria
            }
            score_record(
                actor=Actor(user=juror.user),
                juror=juror,
                submission=team.submission,
                values=values,
            )


def _contest(
    rng: random.Random, actor: Actor, people: list[User], companies: list[Organisation]
) -> None:
    now = dt.datetime.now(MARTINIQUE)
    start = (now + dt.timedelta(days=45)).date()
    action = _action(
        kind=ActionKind.CONTEST,
        title="Concours « Mon commerce en ligne »",
        description=(
            "Pour les jeunes de 16 à 25 ans : imaginez le site ou l'application d'un commerce de "
            "votre quartier. Le projet se prépare chez soi ; la remise des prix a lieu à "
            "Fort-de-France."
        ),
        starts=_local(start, 14),
        ends=_local(start, 18),
        actor=actor,
    )
    event = event_create(
        actor=actor,
        action=action,
        registration_opens_at=now - dt.timedelta(days=3),
        registration_closes_at=_local(start - dt.timedelta(days=20), 23),
        submission_deadline=_local(start - dt.timedelta(days=5), 23),
        judging_ends_at=_local(start - dt.timedelta(days=1), 18),
        capacity=60,
        team_min=1,
        team_max=3,
        prize_places=3,
    )
    challenge_add(
        actor=actor,
        event=event,
        partner=companies[4],
        title="La vitrine d'une boutique de Schœlcher",
        description="Le site d'une boutique de vêtements, avec la réservation en ligne.",
        prize="Une tablette et un stage d'été",
    )
    for name, weight in (("Utilité", 2), ("Simplicité d'usage", 2), ("Présentation", 1)):
        criterion_add(actor=actor, event=event, name=name, weight=weight)
    # The demo learner takes part in this contest: her "Mes hackathons" shows it under way.
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    entrants = ([learner] if learner else []) + people[: rng.randint(5, 8)]
    for person in entrants:
        participant_register(actor=Actor(user=person), event=event)
    team = team_create(
        actor=Actor(user=entrants[0]),
        event=event,
        name="Les Ti-Punchs du code",
        looking_for="Une personne qui dessine",
    )
    team_join(actor=Actor(user=entrants[1]), event=event, code=team.code)
