"""Orientation advice: occupations ranked by local demand and fit, hand-computed, and their French."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakou.matching.advice import (
    Demand,
    GapItem,
    Held,
    Occupation,
    Reason,
    Requirement,
    at_place,
    competence_gap,
    demand_part,
    describe_gap_item,
    describe_reason,
    fit_part,
    format_euros,
    format_period,
    merge_gaps,
    of_place,
    suggest_occupations,
)

SECURITY = Requirement("digcomp:4.1", 3, "Protéger les appareils")
NETWORKS = Requirement("ecf:C.3", 2, "Réseaux")
CYBER = Requirement("ecf:E.8", 4, "Cybersécurité")
OFFICE = Requirement("digcomp:3.1", 3, "Bureautique")

ANALYST = Occupation("M1844", "Analyste en cybersécurité", (SECURITY, NETWORKS, CYBER))
SUPPORT = Occupation("I1404", "Technicien support", (OFFICE, NETWORKS))
WEB = Occupation("M1805", "Développeur informatique", ())

PROFILE = {
    "digcomp:4.1": Held(1),
    "ecf:C.3": Held(2, verified=True),
    "digcomp:3.1": Held(4, verified=True),
}


def test_the_score_is_half_demand_half_fit_computed_by_hand() -> None:
    suggestions = suggest_occupations(
        PROFILE, [ANALYST, SUPPORT], {"M1844": Demand(needs=12, offers=3), "I1404": Demand(1, 0, 2)}
    )
    analyst = next(s for s in suggestions if s.occupation.code == "M1844")
    # demand: 12 + 2 × 3 = 18 points → 18 / 28; fit: (1 × 0.8 + 2 × 1 + 0) / (3 + 2 + 4)
    assert analyst.demand == pytest.approx(18 / 28)
    assert analyst.fit == pytest.approx(2.8 / 9)
    assert analyst.score == pytest.approx(0.5 * 18 / 28 + 0.5 * 2.8 / 9)
    support = suggestions[0]
    # demand: 1 + 1.5 × 2 = 4 points → 4 / 14; fit: (3 + 2) / 5, both verified
    assert support.occupation.code == "I1404"
    assert support.score == pytest.approx(0.5 * 4 / 14 + 0.5)


def test_suggestions_come_best_first_and_k_cuts_the_list() -> None:
    demand = {"M1844": Demand(needs=40, offers=10), "I1404": Demand(needs=1)}
    suggestions = suggest_occupations(PROFILE, [SUPPORT, WEB, ANALYST], demand, k=2)
    assert [s.occupation.code for s in suggestions] == ["M1844", "I1404"]
    assert suggestions[0].score >= suggestions[1].score


def test_equal_scores_go_to_the_lower_rome_code() -> None:
    twins = [Occupation("M1806", "B", (NETWORKS,)), Occupation("M1801", "A", (NETWORKS,))]
    assert [s.occupation.code for s in suggest_occupations(PROFILE, twins, {}, k=5)] == [
        "M1801",
        "M1806",
    ]


def test_the_gap_lists_each_competence_below_its_level_with_what_is_held() -> None:
    assert competence_gap(PROFILE, ANALYST.requirements) == (
        GapItem("digcomp:4.1", "Protéger les appareils", 1, 3),
        GapItem("ecf:E.8", "Cybersécurité", 0, 4),
    )
    assert competence_gap(PROFILE, SUPPORT.requirements) == ()


def test_gaps_of_several_targets_merge_at_the_highest_level_required() -> None:
    support = (GapItem("net", "Réseaux", 1, 2), GapItem("office", "Bureautique", 0, 3))
    analyst = (GapItem("sec", "Sécurité", 1, 3), GapItem("net", "Réseaux", 1, 4))
    assert merge_gaps(support, analyst) == (
        GapItem("net", "Réseaux", 1, 4),
        GapItem("office", "Bureautique", 0, 3),
        GapItem("sec", "Sécurité", 1, 3),
    )


def test_a_verified_competence_weighs_more_than_a_declared_one() -> None:
    declared = fit_part({"ecf:C.3": Held(2)}, [NETWORKS])
    verified = fit_part({"ecf:C.3": Held(2, verified=True)}, [NETWORKS])
    assert declared == pytest.approx(0.8)
    assert verified == 1.0


def test_a_level_above_the_required_one_counts_as_the_required_one() -> None:
    assert fit_part({"ecf:C.3": Held(5, verified=True)}, [NETWORKS]) == 1.0


def test_an_occupation_without_known_requirements_has_no_fit() -> None:
    (suggestion,) = suggest_occupations(PROFILE, [WEB], {"M1805": Demand(offers=5)})
    assert suggestion.fit == 0.0
    assert describe_reason(suggestion.reasons[1]) == (
        "les compétences demandées ne sont pas encore renseignées"
    )


def test_reasons_are_codes_with_their_numbers() -> None:
    (suggestion,) = suggest_occupations(PROFILE, [ANALYST], {"M1844": Demand(12, 3, 0)})
    assert suggestion.reasons == (
        Reason("demand", needs=12, offers=3, placements=0),
        Reason("competences", matched=1, required=3, certified=1, partial=1),
    )


@pytest.mark.parametrize(
    ("demand", "text"),
    [
        (
            Demand(12, 3, 0),
            "12 besoins déclarés par des entreprises de Martinique, 3 offres en cours",
        ),
        (
            Demand(1, 1, 1),
            "1 besoin déclaré par des entreprises de Martinique, 1 offre en cours, "
            "1 stage ou embauche ces douze derniers mois",
        ),
        (Demand(0, 0, 4), "4 stages ou embauches ces douze derniers mois"),
        (Demand(), "aucune demande locale enregistrée pour l'instant"),
    ],
)
def test_demand_in_plain_french(demand: Demand, text: str) -> None:
    (suggestion,) = suggest_occupations({}, [ANALYST], {"M1844": demand})
    assert describe_reason(suggestion.reasons[0]) == text


def test_demand_names_the_commune_with_its_article() -> None:
    reason = Reason("demand", needs=2, offers=0, placements=0)
    assert describe_reason(reason, place=of_place("Le Lamentin")) == (
        "2 besoins déclarés par des entreprises du Lamentin"
    )


@pytest.mark.parametrize(
    ("facts", "text"),
    [
        ({"matched": 3, "required": 5, "certified": 0, "partial": 0},
         "vous avez déjà 3 des 5 compétences"),
        ({"matched": 4, "required": 5, "certified": 2, "partial": 0},
         "vous avez déjà 4 des 5 compétences, dont 2 certifiées"),
        ({"matched": 2, "required": 5, "certified": 1, "partial": 2},
         "vous avez déjà 2 des 5 compétences, dont 1 certifiée ; 2 autres à un niveau inférieur"),
        ({"matched": 0, "required": 3, "certified": 0, "partial": 1},
         "vous n'avez encore aucune des 3 compétences demandées au niveau voulu ; une à un niveau inférieur"),
        ({"matched": 2, "required": 2, "certified": 2, "partial": 0},
         "vous avez déjà les 2 compétences demandées, les deux certifiées"),
        ({"matched": 3, "required": 3, "certified": 3, "partial": 0},
         "vous avez déjà les 3 compétences demandées, toutes certifiées"),
        ({"matched": 1, "required": 1, "certified": 0, "partial": 0},
         "vous avez déjà la compétence demandée"),
        ({"matched": 0, "required": 1, "certified": 0, "partial": 0},
         "vous n'avez pas encore la compétence demandée"),
    ],
)  # fmt: skip
def test_competences_in_plain_french(facts: dict[str, int], text: str) -> None:
    assert describe_reason(Reason("competences", **facts)) == text


def test_a_gap_item_says_what_is_held_and_how_it_is_known() -> None:
    assert describe_gap_item(GapItem("s", "Sécurité", 1, 3)) == (
        "Sécurité : niveau 3 demandé, vous avez le niveau 1 (déclaré)"
    )
    assert describe_gap_item(GapItem("s", "Sécurité", 2, 3, held_verified=True)) == (
        "Sécurité : niveau 3 demandé, vous avez le niveau 2 (certifié)"
    )
    assert describe_gap_item(GapItem("s", "Sécurité", 0, 3)) == (
        "Sécurité : niveau 3 demandé, pas encore acquis"
    )


@pytest.mark.parametrize(
    ("starts", "ends", "text"),
    [
        (date(2027, 3, 3), date(2027, 3, 14), "du 3 au 14 mars"),
        (date(2027, 3, 1), date(2027, 3, 14), "du 1er au 14 mars"),
        (date(2027, 2, 28), date(2027, 3, 1), "du 28 février au 1er mars"),
        (date(2027, 5, 6), date(2027, 5, 6), "le 6 mai"),
        (date(2026, 12, 20), date(2027, 1, 10), "du 20 décembre 2026 au 10 janvier 2027"),
    ],
)
def test_periods_in_french(starts: date, ends: date, text: str) -> None:
    assert format_period(starts, ends) == text


def test_places_and_amounts_in_french() -> None:
    assert at_place("Le Lamentin") == "au Lamentin"
    assert at_place("Les Trois-Îlets") == "aux Trois-Îlets"
    assert at_place("La Trinité") == "à La Trinité"
    assert at_place("Fort-de-France") == "à Fort-de-France"
    assert of_place("Les Anses-d'Arlet") == "des Anses-d'Arlet"
    assert of_place("Ducos") == "de Ducos"
    assert format_euros(1200) == "1\u202f200\u00a0€"
    assert format_euros(12.5) == "12,50\u00a0€"


@given(
    needs=st.integers(0, 500),
    offers=st.integers(0, 500),
    placements=st.integers(0, 500),
    more=st.integers(1, 50),
)
def test_more_local_demand_never_lowers_the_demand_part(
    needs: int, offers: int, placements: int, more: int
) -> None:
    base = demand_part(Demand(needs, offers, placements))
    assert 0.0 <= base < 1.0
    assert demand_part(Demand(needs + more, offers, placements)) > base
    assert demand_part(Demand(needs, offers + more, placements)) > base
    assert demand_part(Demand(needs, offers, placements + more)) > base


@given(level=st.integers(0, 8), verified=st.booleans(), extra=st.integers(1, 8))
def test_a_higher_held_level_never_lowers_the_fit(level: int, verified: bool, extra: int) -> None:
    requirements = [Requirement("c", 5), Requirement("d", 3)]
    lower = fit_part({"c": Held(level, verified)}, requirements)
    higher = fit_part({"c": Held(level + extra, verified)}, requirements)
    assert 0.0 <= lower <= higher <= 1.0
