"""Demo mentoring: about 20 mentors from demo companies, about 40 requests from demo people,
pairs formed from the suggestions, their meetings, and one pair ended with its reason.

Mentors and requests go through the services. The pairs are formed through the service too,
then dated back a few weeks (a pair cannot be formed in the past), so that their meetings,
logged through the service, have plausible dates. Nothing is e-mailed while seeding.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import Membership, Organisation, User
from lakou.core.actor import Actor
from lakou.core.demo import Scale, person_name
from lakou.core.notifications import emails_held_back
from lakou.partnerships.assignment import SLOTS, slots_mask
from lakou.partnerships.models import Meeting, MenteeRequest, MentoringPair, MentorProfile
from lakou.partnerships.services.mentoring import (
    MenteeRequestData,
    MentoringError,
    MentorProfileData,
    meeting_log,
    mentee_request_save,
    mentor_profile_save,
    mentoring_suggestions,
    pair_create,
    pair_end,
)
from lakou.skills.models import Competence, ProficiencyLevel
from lakou.territory.models import Commune

MENTORS = 20
MENTEES = 40
PAIRS = 14
COMPANY_ACCOUNT = f"entreprise@{DEMO_DOMAIN}"
LEARNER_ACCOUNT = f"apprenante@{DEMO_DOMAIN}"

GOALS = [
    "Faire mes démarches administratives en ligne sans aide (CAF, impôts, Ameli).",
    "Créer le site vitrine de mon activité de traiteur et le faire connaître.",
    "Préparer une reconversion vers le développement web.",
    "Apprendre à utiliser un tableur pour suivre les comptes de mon association.",
    "Sécuriser mes comptes en ligne et reconnaître les arnaques par e-mail.",
    "Animer la page Facebook et Instagram de mon commerce.",
    "Comprendre le cloud et la sauvegarde des fichiers de mon entreprise.",
    "Me préparer à un entretien pour un poste de technicien support.",
    "Utiliser ma tablette pour garder le contact avec mes petits-enfants en Hexagone.",
    "Monter un projet d'application mobile pour les producteurs locaux.",
]
PRESENTATIONS = [
    "Développeur depuis dix ans, j'aime transmettre.",
    "Responsable informatique d'une PME du Lamentin.",
    "Chargée de communication numérique, ancienne formatrice.",
    "Technicien réseau ; je peux aider sur le matériel et la sécurité.",
    "",
]
END_NOTE = "Je reprends un emploi à temps plein et ne suis plus disponible en semaine."


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if MentorProfile.objects.exists():
        return _counts()
    digcomp = list(Competence.objects.filter(framework__code="digcomp").order_by("position"))
    ecf = list(Competence.objects.filter(framework__code="ecf").order_by("position"))
    federation = (
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.FEDERATION)
        .select_related("organisation", "user")
        .order_by("pk")
        .first()
    )
    communes = list(Commune.objects.order_by("insee_code"))
    if not digcomp or federation is None or not communes:
        return _counts()
    levels = {
        code: list(ProficiencyLevel.objects.filter(framework__code=code).order_by("rank"))
        for code in ("digcomp", "ecf")
    }
    with emails_held_back():
        mentors = _mentors(rng, digcomp, ecf, levels, communes)
        _requests(rng, digcomp, ecf, levels, communes)
        if mentors:
            _pairs(rng, _actor(federation))
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "mentors": MentorProfile.objects.count(),
        "demandes de mentorat": MenteeRequest.objects.count(),
        "binômes de mentorat": MentoringPair.objects.count(),
        "rencontres de mentorat": Meeting.objects.count(),
    }


def _actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, memberships=(membership,))


def _slots(rng: random.Random) -> int:
    return slots_mask(rng.sample(SLOTS, rng.randint(2, 5)))


def _company_members(rng: random.Random) -> list[Membership]:
    """The demo company account first, then one new staff member in other demo companies (chosen
    whatever members the other seeders gave them, so that the pairs do not depend on their order)."""
    members = list(
        Membership.objects.active()
        .filter(user__email=COMPANY_ACCOUNT, organisation__kind=Organisation.Kind.COMPANY)
        .select_related("organisation", "user")
    )
    companies = list(
        Organisation.objects.companies()
        .filter(is_closed=False)
        .exclude(memberships__user__email=COMPANY_ACCOUNT)
        .order_by("pk")[: MENTORS * 5]
    )
    for organisation in rng.sample(companies, min(len(companies), MENTORS - len(members))):
        first, last = person_name(rng)
        user, _created = User.objects.get_or_create(
            email=f"mentor.{organisation.siret or organisation.pk}@{DEMO_DOMAIN}",
            defaults={"first_name": first, "last_name": last, "password": "!demo"},
        )
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.MEMBER}
        )
        members.append(
            Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
        )
    return members


def _mentors(
    rng: random.Random,
    digcomp: list[Competence],
    ecf: list[Competence],
    levels: dict[str, list[ProficiencyLevel]],
    communes: list[Commune],
) -> list[MentorProfile]:
    profiles = []
    for membership in _company_members(rng):
        offered = [(c, rng.choice(levels["digcomp"][3:])) for c in rng.sample(digcomp, 3)]
        if ecf and levels["ecf"] and rng.random() < 0.5:
            offered += [(c, rng.choice(levels["ecf"][1:])) for c in rng.sample(ecf, 2)]
        home = membership.organisation.commune
        places = {home} if home is not None else set()
        places.update(rng.sample(communes, rng.randint(0, 2)))
        remote = rng.random() < 0.5 or not places
        profiles.append(
            mentor_profile_save(
                actor=_actor(membership),
                data=MentorProfileData(
                    capacity=rng.choice([1, 2, 2, 3]),
                    availability=_slots(rng),
                    competences=offered,
                    communes=sorted(places, key=lambda c: c.insee_code),
                    accepts_remote=remote,
                    presentation=rng.choice(PRESENTATIONS),
                ),
            )
        )
    return profiles


def _requests(
    rng: random.Random,
    digcomp: list[Competence],
    ecf: list[Competence],
    levels: dict[str, list[ProficiencyLevel]],
    communes: list[Commune],
) -> None:
    learners = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_ACCOUNT)
        .order_by("pk")[: MENTEES * 3]
    )
    chosen = rng.sample(learners, min(len(learners), MENTEES - 1))
    named = User.objects.filter(email=LEARNER_ACCOUNT).first()
    if named is not None:
        chosen.insert(0, named)
    weights = [c.population or 1 for c in communes]
    for learner in chosen:
        wishes: list[tuple[Competence, ProficiencyLevel | None]] = [
            (c, rng.choice([None, *levels["digcomp"][:4]]))
            for c in rng.sample(digcomp, rng.randint(1, 2))
        ]
        if ecf and rng.random() < 0.25:
            wishes.append((rng.choice(ecf), None))
        mentee_request_save(
            actor=Actor(user=learner),
            data=MenteeRequestData(
                goals=rng.choice(GOALS),
                commune=rng.choices(communes, weights=weights)[0],
                availability=_slots(rng),
                wishes=wishes,
                accepts_remote=rng.random() < 0.6,
            ),
        )


def _pairs(rng: random.Random, federation: Actor) -> None:
    """The federation accepts the best suggestions, the demo learner's first; some pairs have
    met a few times since, one has ended."""
    suggestions = mentoring_suggestions().items
    suggestions.sort(key=lambda s: s.request.learner.email != LEARNER_ACCOUNT)
    now = timezone.now()
    pairs = []
    for item in suggestions[:PAIRS]:
        try:
            pair = pair_create(actor=federation, request=item.request, mentor=item.mentor)
        except MentoringError:
            continue
        started = now - timedelta(days=rng.randint(20, 120))
        MentoringPair.objects.filter(pk=pair.pk).update(started_at=started)
        pair.refresh_from_db()
        pairs.append(pair)
    today = timezone.localdate()
    for pair in pairs:
        mentor_side = _actor(
            Membership.objects.select_related("organisation", "user").get(
                user_id=pair.mentor.user_id, organisation_id=pair.mentor.organisation_id
            )
        )
        mentee_side = Actor(user=pair.mentee.learner)
        start = timezone.localdate(pair.started_at)
        span = (today - start).days
        for _meeting in range(rng.randint(0, 4)):
            meeting_log(
                actor=rng.choice([mentor_side, mentee_side]),
                pair=pair,
                held_on=start + timedelta(days=rng.randint(1, max(1, span))),
                duration_minutes=rng.choice([30, 45, 60, 90]),
                note=rng.choice(["", "Premier point sur les objectifs.", "Exercices pratiques."]),
            )
    ending = [p for p in pairs if p.mentee.learner.email != LEARNER_ACCOUNT]
    if ending:
        pair = ending[-1]
        pair_end(
            actor=Actor(user=pair.mentee.learner),
            pair=pair,
            reason=MentoringPair.EndReason.NO_TIME,
            note=END_NOTE,
        )
