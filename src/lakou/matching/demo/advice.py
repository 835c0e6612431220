"""Demo data of the orientation advice: a saved plan with a pathway for the demo learner
(« apprenante@lakou.test », or the first profile when she has none), shared with advisers, so
that a mediator and the federation find it in « Plans partagés »."""

from __future__ import annotations

import random

from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.matching.models import Profile, SavedPlan
from lakou.matching.services.advice import advice_for, occupation_plan, plan_save, plan_set_sharing
from lakou.skills.models import Occupation
from lakou.training.demo.learners import LEARNER_EMAIL


def _counts() -> dict[str, int]:
    return {"plans d'orientation enregistrés": SavedPlan.objects.count()}


def _occupation_with_a_pathway(profile: Profile) -> Occupation | None:
    """The best suggested occupation whose pathway has a step; else the best one."""
    suggested = [item.occupation for item in advice_for(profile)]
    for occupation in suggested:
        if occupation_plan(profile, occupation).steps:
            return occupation
    return suggested[0] if suggested else None


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if SavedPlan.objects.exists():
        return _counts()
    profile = (
        Profile.objects.filter(user__email=LEARNER_EMAIL).first()
        or Profile.objects.order_by("pk").first()
    )
    if profile is None:
        return _counts()
    occupation = _occupation_with_a_pathway(profile)
    if occupation is None:
        return _counts()
    actor = Actor(user=profile.user)
    plan = plan_save(actor=actor, occupation=occupation)
    plan_set_sharing(actor=actor, plan=plan, shared=True)
    return _counts()
