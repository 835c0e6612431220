"""One more of each thing the advice pages list: an occupation with its programme, session and
offer (the advice page), a session and an offer of the scenario's occupation (its pathway and
openings), a saved and shared plan of the World's person (« Mes plans », « Plans partagés »)."""

from __future__ import annotations

from typing import Any

from tests.matching.factories_advice import competence, open_session, teaching_programme
from tests.matching.url_access_advice import scenario
from tests.partnerships.factories_offers import make_offer
from tests.skills.factories import OccupationFactory


def grow(world: Any) -> None:
    found = scenario(world)
    count = getattr(world, "advice_growth", 0) + 1
    world.advice_growth = count
    extra = competence(f"9.{10 + count}", f"Compétence ajoutée {count}")
    other = OccupationFactory(code_rome=f"M18{50 + count}", label=f"Métier ajouté {count}")
    open_session(teaching_programme(other, [(extra, 2)]), place=found.place)
    make_offer(occupation=other, competences=(extra,))
    # The scenario's occupation: one more session (a pathway candidate) and one more offer.
    open_session(found.programme, place=found.place, starts_in_days=40 + 10 * count)
    make_offer(occupation=found.occupation, competences=(found.html,))
    found.save_plan(shared=True)
