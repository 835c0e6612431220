"""Demo audits: each auditor firm audits a share of the registry, through the audit service."""

from __future__ import annotations

import datetime as dt
import random

from lakou.accounts.models import Membership, Organisation
from lakou.core.actor import Actor
from lakou.core.demo import Scale
from lakou.diagnostics.models import Audit, Horizon, NeedMode
from lakou.diagnostics.models.dimensions import DIMENSION_CODES
from lakou.diagnostics.services.audits import NeedInput, audit_create
from lakou.skills.models import Competence, Occupation

# ROME codes auditors most often write down for Martinique's very small firms.
FREQUENT_OCCUPATIONS = ["M1805", "M1844", "E1101", "I1404", "M1419", "M1886"]


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    if Audit.objects.exists():
        return {"audits": Audit.objects.count()}
    auditors = list(
        Membership.objects.active()
        .filter(organisation__kind=Organisation.Kind.AUDITOR, role=Membership.Role.ADMIN)
        .select_related("organisation", "user")
    )
    competences = list(Competence.objects.filter(framework__code="digcomp"))
    if not auditors or not competences:
        return {"audits": 0}
    occupations = list(Occupation.objects.filter(code_rome__in=FREQUENT_OCCUPATIONS))
    companies = list(Organisation.objects.companies().filter(is_closed=False).order_by("siret"))
    audited = rng.sample(companies, k=min(len(companies), max(30, scale.companies // 8)))
    today = dt.date.today()
    for company in audited:
        membership = rng.choice(auditors)
        actor = Actor(user=membership.user, membership=membership, memberships=(membership,))
        needs = []
        for _ in range(rng.randint(1, 3)):
            by_occupation = bool(occupations) and rng.random() < 0.3
            needs.append(
                NeedInput(
                    headcount=rng.randint(1, 4),
                    horizon=rng.choice(Horizon.values),
                    mode=rng.choices(NeedMode.values, weights=[3, 1])[0],
                    competence=None if by_occupation else rng.choice(competences),
                    occupation=rng.choice(occupations) if by_occupation else None,
                    level="" if by_occupation else str(rng.randint(2, 5)),
                )
            )
        audit_create(
            actor=actor,
            company=company,
            audited_on=today - dt.timedelta(days=rng.randint(0, 330)),
            method=rng.choice(Audit.Method.values),
            scores={code: rng.randint(10, 85) for code in DIMENSION_CODES},
            needs=needs,
        )
    return {"audits": Audit.objects.count()}
