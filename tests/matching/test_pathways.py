"""Pathways on small cases whose optimum is computed by hand, and their French."""

from __future__ import annotations

from datetime import date

import pytest

from lakou.matching.advice import GapItem, Reason, Requirement
from lakou.matching.pathways import (
    HYBRID,
    IN_PERSON,
    REMOTE,
    SELF_FUNDED,
    Constraints,
    Opportunity,
    Pathway,
    SessionOption,
    describe_opening,
    describe_pathway,
    describe_step,
    describe_uncovered,
    greedy_pathway,
    opens,
    plan_pathway,
)

WEB = GapItem("web", "Développement web", 0, 2)
DATA = GapItem("data", "Données", 1, 2)
CYBER = GapItem("cyber", "Cybersécurité", 0, 3)
PAY_ALL = Constraints(accepted_fundings=frozenset({SELF_FUNDED, "free", "cpf", "region"}))


def session(
    id: int,
    starts: tuple[int, int],
    ends: tuple[int, int],
    brings: dict[str, int],
    cost: float,
    hours: float = 20,
    **extra: object,
) -> SessionOption:
    fields: dict[str, object] = {
        "costs": {SELF_FUNDED: cost},
        "format": IN_PERSON,
        "travel_minutes": 15,
        "place": "Fort-de-France",
    }
    fields.update(extra)
    return SessionOption(
        id=id,
        title=f"Session {id}",
        starts_on=date(2027, *starts),
        ends_on=date(2027, *ends),
        brings=brings,
        hours=hours,
        **fields,  # type: ignore[arg-type]
    )


def chosen(pathway: Pathway) -> list[int]:
    return [step.session.id for step in pathway.steps]


# Web and data, each to level 2. By hand:
#   {1}      500 €, 40 h (one session brings both)
#   {2, 4}   400 €, 30 h
#   {2, 5}   250 €, 50 h
#   {2, 6}   250 €, 32 h   ← the optimum: cheapest, then shortest
#   {2, 3}   impossible: 3 starts on 12 March, while 2 runs until the 15th
#   {1, …}   1 overlaps 2 (5–10 March), and covers both anyway
SIX = [
    session(1, (3, 1), (3, 10), {"web": 2, "data": 2}, 500, hours=40),
    session(2, (3, 5), (3, 15), {"web": 2}, 100),
    session(3, (3, 12), (3, 20), {"data": 2}, 50),
    session(4, (4, 1), (4, 5), {"data": 2}, 300, hours=10),
    session(5, (3, 16), (3, 25), {"data": 2}, 150, hours=30),
    session(6, (4, 10), (4, 12), {"data": 3}, 150, hours=12),
]


def test_a_cheaper_pair_beats_an_expensive_single_and_overlaps_are_refused() -> None:
    pathway = plan_pathway([WEB, DATA], SIX, PAY_ALL)
    assert chosen(pathway) == [2, 6]
    assert pathway.complete
    assert pathway.optimal
    assert pathway.total_cost == 250
    assert pathway.total_hours == 32
    assert pathway.levels_after == {"web": 2, "data": 3}


def test_the_greedy_baseline_takes_the_expensive_single() -> None:
    greedy = greedy_pathway([WEB, DATA], SIX, PAY_ALL)
    assert chosen(greedy) == [1]
    assert greedy.total_cost == 500


def test_steps_come_in_date_order_each_crediting_what_it_brings() -> None:
    pathway = plan_pathway([WEB, DATA], SIX, PAY_ALL)
    first, second = pathway.steps
    assert first.covers == (WEB,)
    assert second.covers == (DATA,)
    # Session 6 brings data to level 3, above the 2 required: the step says what it brings.
    assert second.reasons[-1] == Reason(
        "brings", competence="data", name="Données", level=3, required=2
    )
    assert first.reasons == (
        Reason("dates", starts_on=date(2027, 3, 5), ends_on=date(2027, 3, 15), hours=20),
        Reason("place", format=IN_PERSON, place="Fort-de-France", travel_minutes=15, mode="car"),
        Reason("cost", cost=100.0, funding=SELF_FUNDED),
        Reason("brings", competence="web", name="Développement web", level=2, required=2),
    )


def test_a_format_the_person_did_not_choose_is_excluded() -> None:
    sessions = [
        session(1, (3, 1), (3, 5), {"web": 2}, 0),
        session(2, (3, 1), (3, 5), {"web": 2}, 100, format=HYBRID),
        session(3, (4, 1), (4, 5), {"web": 2}, 200, format=REMOTE, travel_minutes=0),
    ]
    remote_only = Constraints(allowed_formats=frozenset({REMOTE}))
    assert chosen(plan_pathway([WEB], sessions, remote_only)) == [3]
    no_remote = Constraints(allowed_formats=frozenset({IN_PERSON, HYBRID}))
    assert chosen(plan_pathway([WEB], sessions, no_remote)) == [1]


def test_a_competence_no_session_brings_stays_uncovered_and_says_so() -> None:
    pathway = plan_pathway([WEB, CYBER], SIX, PAY_ALL)
    assert chosen(pathway) == [2]
    assert not pathway.complete
    (uncovered,) = pathway.uncovered
    assert uncovered.item == CYBER
    assert uncovered.reason["candidates"] == 0
    assert describe_uncovered(uncovered) == (
        "Cybersécurité (niveau 3) reste à couvrir : "
        "aucune session proposée ne l'apporte pour l'instant."
    )


def test_the_travel_limit_keeps_far_sessions_out_but_not_remote_ones() -> None:
    sessions = [
        session(1, (3, 1), (3, 5), {"web": 2}, 0, travel_minutes=60, place="Sainte-Anne"),
        session(2, (3, 1), (3, 5), {"web": 2}, 300, travel_minutes=30),
        session(3, (4, 1), (4, 5), {"web": 2}, 200, format=REMOTE, travel_minutes=90),
    ]
    limited = Constraints(max_travel_minutes=45)
    assert chosen(plan_pathway([WEB], sessions, limited)) == [3]
    assert chosen(plan_pathway([WEB], sessions[:2], limited)) == [2]
    assert chosen(plan_pathway([WEB], sessions, Constraints())) == [1]


def test_uncovered_says_which_constraint_kept_each_session_out() -> None:
    sessions = [
        session(1, (7, 1), (7, 10), {"cyber": 3}, 0, travel_minutes=20),
        session(2, (5, 1), (5, 10), {"cyber": 3}, 0, travel_minutes=60),
        session(3, (6, 20), (7, 2), {"cyber": 4}, 0, travel_minutes=70),
    ]
    constraints = Constraints(max_travel_minutes=45, available_to=date(2027, 6, 30))
    (uncovered,) = plan_pathway([CYBER], sessions, constraints).uncovered
    assert (uncovered.reason["far"], uncovered.reason["late"]) == (2, 2)
    assert describe_uncovered(uncovered) == (
        "Cybersécurité (niveau 3) reste à couvrir : aucune des 3 sessions qui l'apportent ne "
        "convient — 2 sont à plus de 45 min de chez vous en voiture et 2 finissent après le "
        "30 juin."
    )
    (alone,) = plan_pathway([CYBER], sessions[1:2], constraints).uncovered
    assert describe_uncovered(alone) == (
        "Cybersécurité (niveau 3) reste à couvrir : la seule session qui l'apporte est à plus "
        "de 45 min de chez vous en voiture."
    )


def test_available_dates_bound_the_sessions() -> None:
    spring = Constraints(available_from=date(2027, 3, 11), available_to=date(2027, 4, 30))
    pathway = plan_pathway([WEB, DATA], SIX, spring)
    # 1 and 2 start before 11 March: nothing brings web; data at least cost: 3 (50 €).
    assert chosen(pathway) == [3]
    (uncovered,) = pathway.uncovered
    assert describe_uncovered(uncovered) == (
        "Développement web (niveau 2) reste à couvrir : aucune des 2 sessions qui l'apportent "
        "ne convient — 2 commencent avant le 11 mars."
    )


def test_the_cheapest_accepted_funding_is_taken_and_an_unaccepted_one_never() -> None:
    sessions = [
        session(1, (3, 3), (3, 14), {"web": 2}, 0, costs={"region": 0, SELF_FUNDED: 900}),
        session(2, (4, 1), (4, 5), {"web": 2}, 0, costs={"cpf": 150, SELF_FUNDED: 600}),
    ]
    everything = plan_pathway([WEB], sessions, PAY_ALL)
    assert chosen(everything) == [1]
    assert everything.steps[0].funding == "region"
    cpf_only = Constraints(accepted_fundings=frozenset({"cpf"}))
    pathway = plan_pathway([WEB], sessions, cpf_only)
    assert chosen(pathway) == [2]
    assert pathway.total_cost == 150
    nothing = plan_pathway([WEB], sessions, Constraints(accepted_fundings=frozenset()))
    assert nothing.steps == ()
    assert nothing.uncovered[0].reason["funding"] == 2


def test_a_budget_too_small_for_everything_covers_the_most_it_can_at_least_cost() -> None:
    pathway = plan_pathway([WEB, DATA], SIX, Constraints(max_cost=200))
    # Web alone is 100 € (session 2), data alone 50 € (session 3, overlapping 2): one of the
    # two, and data is cheaper; 2 + 5 or 2 + 6 cost 250 €.
    assert chosen(pathway) == [3]
    assert pathway.total_cost == 50
    (uncovered,) = pathway.uncovered
    assert uncovered.item == WEB
    # Session 1 (500 €) is over the budget alone; session 2 (100 €) overlaps session 3.
    assert (uncovered.reason["cost"], uncovered.reason["combined"]) == (1, 1)
    assert describe_uncovered(uncovered) == (
        "Développement web (niveau 2) reste à couvrir : aucune des 2 sessions qui l'apportent "
        "ne convient — 1 dépasse votre budget de 200\u00a0€ et 1 tombe en même temps que les "
        "sessions retenues ou ferait dépasser votre budget."
    )


SECURITY = GapItem("sec", "Sécurité", 1, 3)


def test_a_level_2_session_comes_before_the_level_3_that_requires_it() -> None:
    sessions = [
        session(1, (4, 1), (4, 10), {"sec": 3}, 0, requires={"sec": 2}),
        session(2, (3, 1), (3, 5), {"sec": 2}, 50),
        session(3, (5, 1), (5, 5), {"sec": 3}, 200),
    ]
    pathway = plan_pathway([SECURITY], sessions, PAY_ALL)
    assert chosen(pathway) == [2, 1]
    assert pathway.total_cost == 50
    assert pathway.steps[0].covers == ()
    assert pathway.steps[0].reasons[-1] == Reason(
        "prepares",
        competence="sec",
        name="Sécurité",
        level=2,
        for_session=1,
        for_title="Session 1",
        for_starts_on=date(2027, 4, 1),
    )
    assert describe_step(pathway.steps[0]) == (
        "Session du 1er au 5 mars à Fort-de-France (à 15 min de chez vous en voiture), "
        "50\u00a0€ à votre charge, 20 h : elle vous amène Sécurité au niveau 2, demandé pour "
        "entrer dans la session du 1er avril."
    )


def test_a_prerequisite_that_comes_too_late_does_not_count() -> None:
    sessions = [
        session(1, (4, 1), (4, 10), {"sec": 3}, 0, requires={"sec": 2}),
        session(2, (4, 20), (4, 25), {"sec": 2}, 50),
        session(3, (5, 1), (5, 5), {"sec": 3}, 200),
    ]
    assert chosen(plan_pathway([SECURITY], sessions, PAY_ALL)) == [3]


def test_a_prerequisite_already_held_needs_no_session() -> None:
    sessions = [session(1, (4, 1), (4, 10), {"sec": 3}, 0, requires={"sec": 2})]
    held_two = GapItem("sec", "Sécurité", 2, 3)
    assert chosen(plan_pathway([held_two], sessions, PAY_ALL)) == [1]
    (uncovered,) = plan_pathway([SECURITY], sessions, PAY_ALL).uncovered
    assert uncovered.reason["prerequisite"] == 1


def test_a_session_explains_itself_in_french() -> None:
    sessions = [
        session(
            1,
            (3, 3),
            (3, 14),
            {"sec": 3, "web": 2},
            0,
            hours=35,
            costs={"region": 0, SELF_FUNDED: 900},
            travel_minutes=20,
        ),
    ]
    pathway = plan_pathway([SECURITY, WEB], sessions, PAY_ALL)
    assert describe_step(pathway.steps[0]) == (
        "Session du 3 au 14 mars à Fort-de-France (à 20 min de chez vous en voiture), gratuite "
        "avec la Collectivité territoriale de Martinique, 35 h : elle apporte Sécurité (niveau 3) "
        "et Développement web (niveau 2)."
    )
    assert describe_pathway(pathway) == (
        "1 session, gratuit, 35 h : elle couvre les 2 compétences qui vous manquent."
    )


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({"format": REMOTE, "costs": {"cpf": 120}}, "Session du 3 au 14 mars à distance, "
         "120\u00a0€ à votre charge avec le CPF, 20 h : elle apporte Développement web (niveau 2)."),
        ({"format": HYBRID, "place": "Le Lamentin", "costs": {"free": 0}, "travel_minutes": 12},
         "Session du 3 au 14 mars au Lamentin et à distance (à 12 min de chez vous en voiture), "
         "gratuite, 20 h : elle apporte Développement web (niveau 2)."),
    ],
)  # fmt: skip
def test_formats_and_fundings_in_french(extra: dict[str, object], text: str) -> None:
    sessions = [session(1, (3, 3), (3, 14), {"web": 2}, 0, **extra)]
    (step,) = plan_pathway([WEB], sessions, PAY_ALL).steps
    assert describe_step(step) == text


def test_the_travel_mode_is_said() -> None:
    sessions = [session(1, (3, 3), (3, 14), {"web": 2}, 0, travel_minutes=40)]
    by_bus = Constraints(travel_mode="bus")
    (step,) = plan_pathway([WEB], sessions, by_bus).steps
    assert "(à 40 min de chez vous en bus)" in describe_step(step)


def test_a_pathway_summary_in_french() -> None:
    assert describe_pathway(plan_pathway([WEB, DATA], SIX, PAY_ALL)) == (
        "2 sessions, 250\u00a0€ à votre charge, 32 h : elles couvrent les 2 compétences qui vous "
        "manquent."
    )
    assert describe_pathway(plan_pathway([WEB, CYBER], SIX, PAY_ALL)) == (
        "1 session, 100\u00a0€ à votre charge, 20 h : elle couvre 1 des 2 compétences qui vous "
        "manquent."
    )
    assert describe_pathway(plan_pathway([CYBER], SIX, PAY_ALL)) == (
        "Aucune session possible ne couvre les compétences qui vous manquent."
    )
    assert describe_pathway(plan_pathway([], SIX, PAY_ALL)) == (
        "Vous avez déjà toutes les compétences demandées : aucune formation n'est nécessaire."
    )


def test_opens_lists_what_requires_only_competences_held_after_the_pathway() -> None:
    pathway = plan_pathway([WEB, DATA], SIX, PAY_ALL)
    opportunities = [
        Opportunity(1, "job", "Analyste de données", (Requirement("data", 3),)),
        Opportunity(
            2, "internship", "Développeur web", (Requirement("web", 2), Requirement("office", 2))
        ),
        Opportunity(3, "job", "Pentesteur", (Requirement("cyber", 1),)),
        Opportunity(4, "apprenticeship", "Secrétaire", (Requirement("office", 2),)),
        Opportunity(5, "job", "Chef de projet", (Requirement("web", 3),)),
    ]
    openings = opens(pathway, opportunities, held={"office": 3})
    assert [(o.opportunity.id, o.thanks_to_pathway) for o in openings] == [
        (1, True),
        (2, True),
        (4, False),
    ]
    assert [describe_opening(o) for o in openings] == [
        "Emploi « Analyste de données » : ce parcours vous apporte la compétence demandée.",
        "Stage « Développeur web » : vous aurez toutes les compétences demandées "
        "(1 grâce à ce parcours).",
        "Alternance « Secrétaire » : vous avez déjà toutes les compétences demandées.",
    ]


def test_same_input_same_pathway() -> None:
    first = plan_pathway([WEB, DATA], SIX, PAY_ALL)
    again = plan_pathway([WEB, DATA], list(SIX), PAY_ALL)
    assert chosen(first) == chosen(again)
