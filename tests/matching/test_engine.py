"""The matching engine: its parts, hard rules, ranking and reasons, on hand cases and properties."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakou.matching.engine import (
    DEFAULT_WEIGHTS,
    EXCLUDED,
    FUNDINGS,
    KINDS,
    MODES,
    PARTS,
    SITUATIONS,
    Opportunity,
    OpportunityTable,
    Profile,
    Reason,
    rank,
    rank_many,
    reference_vocabulary,
    render_reason,
    render_reasons,
    top_k,
)
from lakou.matching.quality import DATA, reference_centroids, reference_occupations

VOCABULARY = reference_vocabulary(DATA)
CENTROIDS = reference_centroids(DATA)
PARENTS = reference_occupations(DATA)
COMMUNES = sorted(CENTROIDS)
TODAY = date(2027, 1, 4)
FORT_DE_FRANCE, LAMENTIN, SAINTE_ANNE, GRAND_RIVIERE = 97209, 97213, 97226, 97211
COMPETENCES = VOCABULARY.codes[:12]
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table_of(*opportunities: Opportunity) -> OpportunityTable:
    return OpportunityTable(
        list(opportunities),
        vocabulary=VOCABULARY,
        centroids=CENTROIDS,
        today=TODAY,
        occupation_parents=PARENTS,
    )


def job(id: int = 1, **fields: object) -> Opportunity:
    values: dict[str, object] = {"kind": "job", "commune": FORT_DE_FRANCE}
    values.update(fields)
    return Opportunity(id=id, **values)  # type: ignore[arg-type]


def person(**fields: object) -> Profile:
    values: dict[str, object] = {"commune": FORT_DE_FRANCE, "available_from": TODAY}
    values.update(fields)
    return Profile(**values)  # type: ignore[arg-type]


def score_of(profile: Profile, table: OpportunityTable) -> np.ndarray:
    return table.scores([profile])[:, 0]


# ---------------------------------------------------------------- strategies

levels = st.dictionaries(st.sampled_from(COMPETENCES), st.integers(1, 8), max_size=5)


@st.composite
def opportunities(draw: st.DrawFn, id: int = 1) -> Opportunity:
    kind = draw(st.sampled_from(KINDS))
    remote = draw(st.booleans())
    dated = draw(st.booleans())
    return Opportunity(
        id=id,
        kind=kind,
        commune=None if remote else draw(st.sampled_from(COMMUNES)),
        remote=remote,
        starts_on=TODAY + timedelta(days=draw(st.integers(-40, 200))) if dated else None,
        requires=draw(levels),
        teaches=draw(levels) if kind in ("training", "senior_workshop", "mentoring") else {},
        occupations=tuple(draw(st.lists(st.sampled_from(sorted(PARENTS)[:20]), max_size=2))),
        audiences=frozenset(draw(st.lists(st.sampled_from(SITUATIONS), max_size=2))),
        fundings=frozenset(draw(st.lists(st.sampled_from(FUNDINGS), max_size=2))),
        seats_left=draw(st.one_of(st.none(), st.integers(0, 5))),
        is_open=draw(st.booleans()) or draw(st.booleans()),
        enrolment_deadline=draw(
            st.one_of(st.none(), st.integers(-5, 30).map(lambda d: TODAY + timedelta(days=d)))
        ),
    )


@st.composite
def tables(draw: st.DrawFn, min_size: int = 1, max_size: int = 12) -> OpportunityTable:
    count = draw(st.integers(min_size, max_size))
    return table_of(*(draw(opportunities(id=i + 1)) for i in range(count)))


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    return Profile(
        commune=draw(st.sampled_from(COMMUNES)),
        mode=draw(st.sampled_from(MODES)),
        max_minutes=float(draw(st.integers(5, 90))),
        available_from=TODAY + timedelta(days=draw(st.integers(0, 60))),
        available_until=draw(
            st.one_of(st.none(), st.integers(60, 400).map(lambda d: TODAY + timedelta(days=d)))
        ),
        situation=draw(st.sampled_from(SITUATIONS)),
        declared=draw(levels),
        certified=draw(levels),
        targets=tuple(draw(st.lists(st.sampled_from(sorted(PARENTS)[:20]), max_size=2))),
        target_levels=draw(levels),
        fundings=frozenset(draw(st.lists(st.sampled_from(FUNDINGS[:4]), max_size=2))),
        needs_funding=draw(st.booleans()),
        accepts_remote=draw(st.booleans()) or draw(st.booleans()),
        accepts_in_person=draw(st.booleans()) or draw(st.booleans()),
    )


# ---------------------------------------------------------------- properties


@PROPERTY
@given(tables(), profiles(), st.integers(0, 11))
def test_a_full_session_is_never_ranked(
    table: OpportunityTable, profile: Profile, which: int
) -> None:
    full = table.opportunities[which % table.size]
    opportunities = list(table.opportunities)
    opportunities[which % table.size] = Opportunity(
        **{**full.__dict__, "kind": "training", "seats_left": 0}
    )
    table = table_of(*opportunities)
    assert full.id not in {m.opportunity_id for m in rank(profile, table, k=table.size)}
    for ids, _scores in rank_many([profile], table, k=table.size):
        assert full.id not in ids


@PROPERTY
@given(tables(), profiles())
def test_a_pair_is_removed_exactly_when_a_hard_rule_says_why(
    table: OpportunityTable, profile: Profile
) -> None:
    scores = score_of(profile, table)
    for position, opportunity in enumerate(table.opportunities):
        rules = table.rejections(profile, opportunity.id)
        assert (scores[position] < EXCLUDED) == bool(rules), rules


@PROPERTY
@given(tables(), profiles(), st.sampled_from(COMPETENCES), st.integers(1, 8), st.booleans())
def test_adding_a_missing_competence_never_lowers_a_score(
    table: OpportunityTable, profile: Profile, code: str, level: int, certified: bool
) -> None:
    held = max(profile.declared.get(code, 0), profile.certified.get(code, 0))
    if held >= level:
        return
    field = "certified" if certified else "declared"
    more = Profile(**{**profile.__dict__, field: {**getattr(profile, field), code: level}})
    before, after = score_of(profile, table), score_of(more, table)
    parts_before = table.parts(profile, range(table.size))
    parts_after = table.parts(more, range(table.size))
    # The competence part never falls, for any opportunity.
    assert (parts_after[0] >= parts_before[0] - 1e-6).all()
    # The whole score never falls, except where the opportunity teaches that very competence:
    # what a training would teach you is worth less once you hold it (the gap part).
    for position, opportunity in enumerate(table.opportunities):
        if code not in opportunity.teaches:
            assert after[position] >= before[position] - 1e-5
        elif after[position] < before[position] - 1e-5:
            # …and where it falls, only the gap part fell.
            assert parts_after[1, position] < parts_before[1, position]


@PROPERTY
@given(profiles(), st.sampled_from(COMMUNES), st.sampled_from(COMMUNES))
def test_a_farther_commune_never_raises_the_travel_part(
    profile: Profile, first: int, second: int
) -> None:
    table = table_of(job(1, commune=first), job(2, commune=second))
    minutes = [table.travel_minutes(profile, p) for p in (0, 1)]
    travel = table.parts(profile, [0, 1])[PARTS.index("travel")]
    if minutes[0] <= minutes[1]:
        assert travel[0] >= travel[1]
    else:
        assert travel[0] <= travel[1]


@PROPERTY
@given(profiles())
def test_remote_gives_zero_travel(profile: Profile) -> None:
    table = table_of(job(1, commune=None, remote=True))
    assert table.travel_minutes(profile, 0) == 0
    assert table.parts(profile, [0])[PARTS.index("travel"), 0] == 1.0
    if profile.accepts_remote:
        assert "travel" not in table.rejections(profile, 1)


@PROPERTY
@given(tables(), profiles())
def test_the_score_is_the_weighted_sum_of_its_parts(
    table: OpportunityTable, profile: Profile
) -> None:
    for match in rank(profile, table, k=table.size):
        assert all(0.0 <= v <= 1.0 for v in match.parts.values())
        expected = sum(DEFAULT_WEIGHTS[part] * match.parts[part] for part in PARTS)
        assert match.score == pytest.approx(expected, abs=1e-5)


@PROPERTY
@given(
    st.lists(st.sampled_from([0.0, 0.1, 0.5, 0.5, 0.9, -2e6]), min_size=1, max_size=300),
    st.integers(1, 12),
)
def test_top_k_is_the_k_best_ties_by_position(values: list[float], k: int) -> None:
    scores = np.array(values, dtype=np.float32)
    expected = sorted(
        (p for p in range(len(values)) if values[p] > EXCLUDED), key=lambda p: (-values[p], p)
    )[:k]
    assert top_k(scores, k).tolist() == expected


@PROPERTY
@given(tables(max_size=20), st.lists(profiles(), min_size=1, max_size=6), st.integers(1, 5))
def test_a_block_ranks_as_each_person_alone(
    table: OpportunityTable, people: list[Profile], k: int
) -> None:
    ranked = [ids for block, _s in rank_many(people, table, k=k, chunk=4) for ids in block]
    for profile, ids in zip(people, ranked, strict=True):
        alone = [m.opportunity_id for m in rank(profile, table, k=k)]
        assert [i for i in ids.tolist() if i >= 0] == alone


@PROPERTY
@given(tables(max_size=20), profiles(), st.sampled_from([None, {"travel": 0.4, "gap": 0.01}]))
def test_one_person_scores_exactly_as_in_a_block(
    table: OpportunityTable, profile: Profile, weights: dict[str, float] | None
) -> None:
    """`score_one` (the page's fast path) gives the block computation's values, bit for bit."""
    alone, components = table.score_one(profile, weights)
    assert np.array_equal(alone, table.scores([profile], weights)[:, 0])
    block = table.components([profile])
    for name in block.__dataclass_fields__:
        expected, got = getattr(block, name), getattr(components, name)
        assert got.shape == expected.shape, name
        assert got.dtype == expected.dtype, name
        assert np.array_equal(got, expected), name


# ---------------------------------------------------------------- hard rules, one by one


def test_closed_full_and_past_deadline_are_removed() -> None:
    table = table_of(
        job(1),
        job(2, is_open=False),
        Opportunity(id=3, kind="training", commune=FORT_DE_FRANCE, seats_left=0),
        job(4, enrolment_deadline=TODAY - timedelta(days=1)),
        Opportunity(id=5, kind="training", commune=FORT_DE_FRANCE, seats_left=1),
    )
    profile = person()
    assert [m.opportunity_id for m in rank(profile, table)] == [1, 5]
    assert table.rejections(profile, 2) == ("closed",)
    assert table.rejections(profile, 3) == ("full",)
    assert table.rejections(profile, 4) == ("closed",)


def test_senior_workshops_are_for_seniors_only() -> None:
    workshop = Opportunity(
        id=1, kind="senior_workshop", commune=FORT_DE_FRANCE, audiences=frozenset({"senior"})
    )
    table = table_of(workshop, job(2))
    assert [m.opportunity_id for m in rank(person(situation="job_seeker"), table)] == [2]
    senior = rank(person(situation="senior"), table)
    assert senior[0].opportunity_id == 1
    assert render_reasons(senior[0].reasons)[-1] == "s'adresse aux seniors"


def test_beyond_the_maximum_travel_time_is_removed() -> None:
    table = table_of(job(1, commune=SAINTE_ANNE), job(2, commune=LAMENTIN))
    profile = person(commune=FORT_DE_FRANCE, mode="car", max_minutes=30)
    assert table.travel_minutes(profile, 0) > 30 > table.travel_minutes(profile, 1)
    assert [m.opportunity_id for m in rank(profile, table)] == [2]
    assert table.rejections(profile, 1) == ("travel",)


def test_without_any_means_of_travel_only_the_own_commune_and_remote_remain() -> None:
    table = table_of(job(1, commune=LAMENTIN), job(2), job(3, commune=None, remote=True))
    profile = person(mode="none", max_minutes=30)
    assert {m.opportunity_id for m in rank(profile, table)} == {2, 3}


def test_a_refused_format_is_removed() -> None:
    table = table_of(job(1), job(2, commune=None, remote=True))
    assert [m.opportunity_id for m in rank(person(accepts_remote=False), table)] == [1]
    assert [m.opportunity_id for m in rank(person(accepts_in_person=False), table)] == [2]


def test_a_session_that_starts_before_one_is_available_is_removed() -> None:
    table = table_of(
        Opportunity(id=1, kind="training", commune=FORT_DE_FRANCE, starts_on=TODAY),
        Opportunity(id=2, kind="training", commune=FORT_DE_FRANCE, starts_on=TODAY + timedelta(10)),
        job(3, starts_on=TODAY),  # an offer's start may move: 60 days of tolerance
        Opportunity(id=4, kind="training", commune=FORT_DE_FRANCE, starts_on=TODAY + timedelta(90)),
    )
    profile = person(
        available_from=TODAY + timedelta(days=5), available_until=TODAY + timedelta(60)
    )
    assert [m.opportunity_id for m in rank(profile, table)] == [2, 3]
    assert table.rejections(profile, 1) == ("dates",)
    assert table.rejections(profile, 4) == ("dates",)


def test_who_needs_funding_sees_only_what_they_can_fund() -> None:
    table = table_of(
        Opportunity(id=1, kind="training", commune=FORT_DE_FRANCE, fundings=frozenset({"cpf"})),
        Opportunity(id=2, kind="training", commune=FORT_DE_FRANCE, fundings=frozenset({"region"})),
        Opportunity(id=3, kind="training", commune=FORT_DE_FRANCE, fundings=frozenset({"free"})),
    )
    needs = person(fundings=frozenset({"cpf"}), needs_funding=True)
    assert {m.opportunity_id for m in rank(needs, table)} == {1, 3}
    free_to_choose = person(fundings=frozenset({"cpf"}))
    ranked = rank(free_to_choose, table)
    assert ranked[-1].opportunity_id == 2
    assert ranked[-1].parts["funding"] == 0.0


def test_excluded_ids_are_not_proposed_again() -> None:
    table = table_of(job(1), job(2))
    assert [m.opportunity_id for m in rank(person(), table, exclude=[1])] == [2]


# ---------------------------------------------------------------- parts on hand cases


def test_certified_competences_weigh_more_than_declared_ones() -> None:
    a, b = COMPETENCES[0], COMPETENCES[1]
    table = table_of(job(1, requires={a: 4, b: 4}))
    certified = table.parts(person(certified={a: 4, b: 5}), [0])[0, 0]
    declared = table.parts(person(declared={a: 4, b: 5}), [0])[0, 0]
    below = table.parts(person(certified={a: 2}), [0])[0, 0]
    assert certified == pytest.approx(1.0)
    assert declared == pytest.approx(0.7)
    # Half the asked level, certified, on one of two: PARTIAL_CREDIT · 2/4 / 2.
    assert below == pytest.approx(0.125)


def test_the_gap_part_is_the_share_of_the_missing_levels_a_training_teaches() -> None:
    a, b = "digcomp:1.1", "ecf:A.1"
    profile = person(declared={a: 2}, target_levels={a: 6, b: 3})
    # Missing: digcomp levels 3–6 (4 steps of 1/8) and e-CF 1–3 (3 steps of 1/5): 0.5 + 0.6.
    table = table_of(
        Opportunity(id=1, kind="training", commune=FORT_DE_FRANCE, teaches={a: 4}),
        Opportunity(id=2, kind="training", commune=FORT_DE_FRANCE, teaches={a: 8, b: 5}),
        Opportunity(id=3, kind="training", commune=FORT_DE_FRANCE, teaches={a: 2}),
    )
    gap = table.parts(profile, [0, 1, 2])[PARTS.index("gap")]
    assert gap == pytest.approx([0.25 / 1.1, 1.0, 0.0], abs=1e-6)


def test_a_target_occupation_counts_fully_and_a_sibling_by_half() -> None:
    siblings = [c for c in PARENTS if PARENTS[c] == PARENTS["M1805"] and c != "M1805"]
    table = table_of(
        job(1, occupations=("M1805",)),
        job(2, occupations=(siblings[0],)),
        job(3, occupations=("E1101",)),
    )
    occupation = table.parts(person(targets=("M1805",)), [0, 1, 2])[PARTS.index("occupation")]
    assert occupation.tolist() == [1.0, 0.5, 0.0]


def test_the_travel_part_is_the_share_of_the_maximum_left() -> None:
    table = table_of(job(1, commune=LAMENTIN))
    profile = person(max_minutes=40)
    minutes = table.travel_minutes(profile, 0)
    assert table.parts(profile, [0])[PARTS.index("travel"), 0] == pytest.approx(1 - minutes / 40)


def test_the_dates_part_falls_with_the_wait() -> None:
    table = table_of(
        job(1, starts_on=TODAY), job(2, starts_on=TODAY + timedelta(90)), job(3, starts_on=None)
    )
    dates = table.parts(person(), [0, 1, 2])[PARTS.index("dates")]
    assert dates.tolist() == pytest.approx([1.0, 0.5, 1.0])


# ---------------------------------------------------------------- reasons


def test_the_reasons_of_a_job_in_plain_french() -> None:
    codes = COMPETENCES[:5]
    table = table_of(
        job(
            1,
            commune=LAMENTIN,
            requires={c: 3 for c in codes},
            occupations=("M1805",),
            starts_on=TODAY + timedelta(days=12),
        )
    )
    profile = person(
        certified={codes[0]: 3, codes[1]: 4},
        declared={codes[2]: 3, codes[3]: 5, codes[4]: 1},
        targets=("M1805",),
    )
    [match] = rank(profile, table)
    minutes = round(table.travel_minutes(profile, 0))
    assert match.reasons[:2] == (
        Reason("occupation", rome="M1805", related=False),
        Reason("competences", matched=4, required=5, certified=2, partial=1),
    )
    labels = {"M1805": "Développeur / Développeuse informatique"}
    assert render_reasons(match.reasons, occupations=labels) == [
        "correspond au métier que vous visez : Développeur / Développeuse informatique",
        "4 des 5 compétences demandées, dont 2 certifiées ; 1 autre à un niveau plus bas que demandé",
        f"à {minutes} min de chez vous en voiture",
        "commence le 16 janvier 2027, 12 jours après le début de vos disponibilités",
    ]


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (
            Reason("competences", matched=4, required=5, certified=2, partial=0),
            "4 des 5 compétences demandées, dont 2 certifiées",
        ),
        (
            Reason("competences", matched=3, required=3, certified=3, partial=0),
            "les 3 compétences demandées, toutes certifiées",
        ),
        (
            Reason("competences", matched=1, required=2, certified=1, partial=0),
            "1 des 2 compétences demandées, dont 1 certifiée",
        ),
        (
            Reason("competences", matched=0, required=2, certified=0, partial=2),
            "aucune des 2 compétences demandées ; 2 à un niveau plus bas que demandé",
        ),
        (
            Reason("competences", matched=1, required=1, certified=0, partial=0),
            "la compétence demandée",
        ),
        (
            Reason("competences", matched=0, required=0, certified=0, partial=0),
            "aucune compétence demandée",
        ),
        (
            Reason("travel", minutes=20, mode="car", same_commune=False),
            "à 20 min de chez vous en voiture",
        ),
        (
            Reason("travel", minutes=75, mode="bus", same_commune=False),
            "à 1 h 15 de chez vous en bus",
        ),
        (
            Reason("travel", minutes=10, mode="walk", same_commune=True),
            "dans votre commune, à 10 min à pied",
        ),
        (Reason("remote"), "à distance, sans trajet"),
        (
            Reason("gap", closed=2, improved=1, missing=3, targets=1),
            "apporte 2 des 3 compétences qui vous manquent pour votre métier visé et en fait progresser 1 autre",
        ),
        (
            Reason("gap", closed=0, improved=1, missing=1, targets=2),
            "fait progresser la compétence qui vous manque pour vos métiers visés",
        ),
        (
            Reason("occupation", rome="M1805", related=True),
            "métier proche de celui que vous visez : M1805",
        ),
        (
            Reason("dates", starts_on=date(2027, 2, 1), wait_days=0),
            "commence le 1er février 2027, le jour où vous êtes disponible",
        ),
        (
            Reason("dates", starts_on=date(2027, 2, 1), wait_days=-1),
            "commence le 1er février 2027, 1 jour avant le début de vos disponibilités",
        ),
        (Reason("audience", situation="career_changer"), "s'adresse aux personnes en reconversion"),
        (Reason("funding", usable=("free",)), "gratuit pour vous"),
        (
            Reason("funding", usable=("cpf", "region")),
            "finançable par votre CPF ou la Collectivité territoriale de Martinique",
        ),
        (Reason("funding", usable=()), "aucun des financements que vous pouvez utiliser"),
    ],
)
def test_each_reason_reads_in_plain_french(reason: Reason, text: str) -> None:
    assert render_reason(reason) == text


def test_a_training_says_what_it_brings_towards_the_target() -> None:
    a, b, c = "digcomp:1.1", "digcomp:2.1", "ecf:A.1"
    table = table_of(
        Opportunity(
            id=1,
            kind="training",
            commune=None,
            remote=True,
            teaches={a: 5, b: 3, c: 1},
            fundings=frozenset({"cpf"}),
        )
    )
    profile = person(
        declared={a: 2},
        target_levels={a: 5, b: 4, c: 3},
        targets=("M1805",),
        fundings=frozenset({"cpf"}),
    )
    [match] = rank(profile, table)
    assert render_reasons(match.reasons) == [
        "apporte 1 des 3 compétences qui vous manquent pour votre métier visé "
        "et en fait progresser 2 autres",
        "à distance, sans trajet",
        "finançable par votre CPF",
    ]


def test_ranking_is_deterministic() -> None:
    table = table_of(*(job(i, commune=COMMUNES[i % 34]) for i in range(1, 60)))
    profile = person(max_minutes=60)
    first = [m.opportunity_id for m in rank(profile, table, k=20)]
    assert first == [m.opportunity_id for m in rank(profile, table, k=20)]
    # Equal scores keep the table's order.
    same = table_of(job(5), job(3), job(9))
    assert [m.opportunity_id for m in rank(person(), same)] == [5, 3, 9]


def test_unknown_codes_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown situation"):
        table_of(job(1, audiences=frozenset({"retired"})))
    with pytest.raises(ValueError, match="not in the vocabulary"):
        table_of(job(1, requires={"custom:42": 2}))
    with pytest.raises(ValueError, match="not in the vocabulary"):
        rank(person(declared={"custom:42": 2}), table_of(job(1)))
    with pytest.raises(ValueError, match="unknown score parts"):
        rank(person(), table_of(job(1)), weights={"distance": 1.0})
