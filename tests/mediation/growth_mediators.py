"""One more of every list item of the mediators' pages, for tests/test_query_counts.py: a mediator
with an employer, and for every mediator one more commune served and DigComp area."""

from __future__ import annotations

from itertools import count
from typing import Any

from lakou.mediation.models import Mediator
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.mediation.factories_mediators import digcomp_areas, make_mediator
from tests.skills.factories import AreaFactory
from tests.territory.factories import CommuneFactory

_rounds = count(1)


def grow(world: Any) -> None:
    round_ = next(_rounds)
    areas = digcomp_areas()
    commune = CommuneFactory(insee_code=f"979{round_:02d}", name=f"Commune de croissance {round_}")
    area = AreaFactory(framework=areas[0].framework, code=f"9{round_}", name_fr=f"Domaine {round_}")
    make_mediator(
        UserFactory(),
        kind="employee",
        employer=OrganisationFactory(company=True),
        status="active",
        served=(commune,),
        topics=(area,),
    )
    for mediator in Mediator.objects.all():
        mediator.communes_served.add(commune)
        mediator.topics.add(area)
