"""Demo orientation profiles: about sixty of the demo's people (visible and not, every situation,
communes over the whole island, some who asked for a mentor), their competences from the three
sources — the short self-assessment, the public questionnaire answered while signed in, their
Lakou certificates — and the demo learner's, visible, with a certificate-verified competence."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from lakou.accounts.demo import DEMO_DOMAIN
from lakou.accounts.models import User
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.diagnostics.models import Campaign
from lakou.diagnostics.services.builtin import PUBLIC_SLUG
from lakou.diagnostics.services.responses import response_save, response_start, response_submit
from lakou.matching.models import Mobility, Profile, Situation
from lakou.matching.services.profiles import (
    KEY_COMPETENCES,
    QUESTIONNAIRE_COMPETENCES,
    SELF_CHOICES,
    ProfileData,
    ProfileError,
    profile_import_questionnaire,
    profile_save,
    profile_self_assess,
    profile_set_visibility,
    profile_sync_certificates,
)
from lakou.partnerships.models import MenteeRequest
from lakou.skills.models import Occupation
from lakou.territory.models import Commune
from lakou.training.models import Certificate, Format, Funding

LEARNER_EMAIL = f"apprenante@{DEMO_DOMAIN}"
LEARNER_TARGETS = ("E1101", "M1805")  # community manager, web and software developer
PROFILES = 60
MENTEES = 15
TRAVEL_MINUTES = (15, 20, 30, 45, 60, 90)


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if not Profile.objects.exists():
        _seed(rng)
    return {
        "profils d'orientation": Profile.objects.count(),
        "profils visibles": Profile.objects.visible().count(),
    }


def _seed(rng: random.Random) -> None:
    communes = list(Commune.objects.defer("boundary").order_by("insee_code"))
    if not communes:
        return
    occupations = list(Occupation.objects.filter(digital_transition=True).order_by("code_rome"))
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__isnull=True)
        .exclude(email=LEARNER_EMAIL)
        .order_by("pk")
    )
    certified = set(
        Certificate.objects.of_trainings().not_revoked().values_list("learner_id", flat=True)
    )
    # A third of them with certificates when there are some, so the three sources show; then
    # people who asked for a mentor (their mentoring shows among their matches).
    with_certificates = [p for p in people if p.pk in certified]
    asked = set(MenteeRequest.objects.values_list("learner_id", flat=True))
    mentees = [p for p in people if p.pk not in certified and p.pk in asked]
    others = [p for p in people if p.pk not in certified and p.pk not in asked]
    chosen = with_certificates[: PROFILES // 3] + mentees[:MENTEES]
    chosen += rng.sample(others, k=min(len(others), max(0, PROFILES - len(chosen))))
    chosen += with_certificates[PROFILES // 3 :][: PROFILES - len(chosen)]
    chosen.sort(key=lambda user: user.pk)
    campaign = (
        Campaign.objects.filter(
            status=Campaign.Status.OPEN, version__questionnaire__slug=PUBLIC_SLUG
        )
        .select_related("version")
        .first()
    )
    situations = list(Situation.values)
    mobilities = list(Mobility.values)
    for index, user in enumerate(chosen):
        profile = _profile(
            rng,
            user,
            commune=communes[index % len(communes)],
            situation=situations[index % len(situations)],
            mobility=mobilities[index % len(mobilities)],
            occupations=occupations,
        )
        actor = Actor(user=user)
        if index % 3 != 2:
            profile_self_assess(
                actor=actor,
                profile=profile,
                answers={
                    code: rng.choice(SELF_CHOICES)[0]
                    for code in rng.sample(KEY_COMPETENCES, k=rng.randint(3, 8))
                },
            )
        if campaign is not None and index % 4 == 0:
            _answer_questionnaire(rng, actor, campaign, profile)
        profile_sync_certificates(profile)
        if rng.random() < 0.6:
            profile_set_visibility(actor=actor, profile=profile, visible=True)
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    if learner is not None:
        profile = _profile(
            rng,
            learner,
            commune=next((c for c in communes if c.insee_code == "97213"), communes[0]),
            situation=Situation.JOB_SEEKER,
            mobility=Mobility.BUS,
            occupations=occupations,
            # She aims at occupations the demo's offers and programmes describe, so that her
            # advice shows a gap and a pathway (her saved plan is for community manager).
            targets=[o for o in occupations if o.code_rome in LEARNER_TARGETS],
        )
        profile_self_assess(
            actor=Actor(user=learner),
            profile=profile,
            answers={"1.1": "intermediate", "2.1": "intermediate", "4.1": "beginner"},
        )
        profile_sync_certificates(profile)
        profile_set_visibility(actor=Actor(user=learner), profile=profile, visible=True)


def _profile(
    rng: random.Random,
    user: User,
    *,
    commune: Commune,
    situation: str,
    mobility: str,
    occupations: list[Occupation],
    targets: list[Occupation] | None = None,
) -> Profile:
    today = timezone.localdate()
    starts = rng.choice([None, None, today + timedelta(days=rng.randint(7, 90))])
    ends = (starts or today) + timedelta(days=rng.randint(120, 365)) if rng.random() < 0.3 else None
    return profile_save(
        actor=Actor(user=user),
        data=ProfileData(
            commune=commune,
            situation=situation,
            mobility=mobility,
            max_travel_minutes=rng.choice(TRAVEL_MINUTES),
            available_from=starts,
            available_until=ends,
            target_occupations=targets
            if targets is not None
            else rng.sample(occupations, k=min(len(occupations), rng.randint(0, 3))),
            fundings=rng.sample(list(Funding.values), k=rng.randint(0, 2)),
            needs_funding=rng.random() < 0.4,
            formats=rng.sample(list(Format.values), k=rng.choice([0, 0, 1, 2])),
        ),
    )


def _answer_questionnaire(
    rng: random.Random, actor: Actor, campaign: Campaign, profile: Profile
) -> None:
    """The person answers the public questionnaire signed in, then takes it into the profile."""
    response, _token = response_start(actor=actor, campaign=campaign)
    answers = {code: [str(rng.randint(1, 4))] for code in QUESTIONNAIRE_COMPETENCES}
    answers.update(
        obstacles=["time"],
        preferred_format=[rng.choice(["in_person", "online", "hybrid"])],
        availability=["evening"],
        commune=[profile.commune.insee_code],
        age_band=[rng.choice(["under_25", "25_44", "45_59", "60_74"])],
    )
    if response_save(actor=actor, response=response, raw_answers=answers):
        return
    if response_submit(actor=actor, response=response):
        return
    try:
        profile_import_questionnaire(actor=actor, profile=profile)
    except ProfileError:
        return
