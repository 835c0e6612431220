"""The pure assignment module: scores, feasibility, capacity and the optimum, solved by hand."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakou.partnerships.assignment import (
    Mentee,
    Mentor,
    distance_matrix,
    greedy_pairs,
    haversine_km,
    optimal_pairs,
    polygon_centroid,
    score_pairs,
    slot_codes,
    slots_mask,
    suggest,
    total_score,
)

MON_AM = slots_mask(["mon_am"])
TUE_AM = slots_mask(["tue_am"])
# Two communes 0.2° of latitude apart (22.2 km), and a third far away.
CENTROIDS = {1: (14.6, -61.0), 2: (14.8, -61.0), 3: (15.6, -61.0)}


def ids(scores_pairs: list[tuple[int, int]], mentees: list[Mentee], mentors: list[Mentor]) -> set:
    return {(mentees[r].id, mentors[c].id) for r, c in scores_pairs}


def test_slots_are_monday_to_saturday_mornings_and_afternoons() -> None:
    assert slot_codes(slots_mask(["tue_am", "sat_pm"])) == ("tue_am", "sat_pm")
    assert slot_codes(0) == ()
    with pytest.raises(ValueError, match="not in tuple"):
        slots_mask(["sun_am"])


def test_a_degree_of_latitude_is_111_km() -> None:
    assert haversine_km(14.0, -61.0, 15.0, -61.0) == pytest.approx(111.19, abs=0.01)
    matrix = distance_matrix([(14.6, -61.0), (14.8, -61.0)])
    assert matrix[0, 1] == pytest.approx(haversine_km(14.6, -61.0, 14.8, -61.0))
    assert matrix[0, 0] == 0


def test_the_centroid_of_a_square_with_a_hole_is_its_centre() -> None:
    outer = [[0.0, 0.0], [4.0, 0.0], [4.0, 2.0], [0.0, 2.0], [0.0, 0.0]]
    hole = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]
    lat, lon = polygon_centroid([[outer]])
    assert (lat, lon) == pytest.approx((1.0, 2.0))
    lat, lon = polygon_centroid([[outer, hole]])
    # The hole on the left pulls the centre to the right: (8·2 − 1·1) / 7.
    assert lon == pytest.approx(15 / 7)


def test_a_mentor_below_the_wanted_level_shares_nothing() -> None:
    mentee = Mentee(id=1, wants={7: 4}, commune=1, availability=MON_AM)
    weak = Mentor(id=1, levels={7: 3}, capacity_left=1, communes=(1,), availability=MON_AM)
    strong = Mentor(id=2, levels={7: 4}, capacity_left=1, communes=(1,), availability=MON_AM)
    scores = score_pairs([mentee], [weak, strong], CENTROIDS)
    assert scores.feasible.tolist() == [[False, True]]
    assert scores.score[0, 0] == 0
    # 10 for the competence, 5 for no travel, 2 for one common slot.
    assert scores.score[0, 1] == pytest.approx(17.0)


def test_no_common_slot_or_no_way_to_meet_is_infeasible() -> None:
    mentee = Mentee(id=1, wants={7: 1}, commune=1, availability=MON_AM)
    other_day = Mentor(id=1, levels={7: 1}, capacity_left=1, communes=(1,), availability=TUE_AM)
    remote_only = Mentor(
        id=2, levels={7: 1}, capacity_left=1, accepts_remote=True, availability=MON_AM
    )
    scores = score_pairs([mentee], [other_day, remote_only], CENTROIDS)
    assert scores.feasible.tolist() == [[False, False]]
    assert suggest([mentee], [other_day, remote_only], CENTROIDS) == []


def test_travel_lowers_the_score_and_remote_counts_as_no_travel() -> None:
    mentee = Mentee(id=1, wants={7: 1}, commune=1, accepts_remote=True, availability=MON_AM)
    near = Mentor(id=1, levels={7: 1}, capacity_left=1, communes=(2,), availability=MON_AM)
    remote = Mentor(id=2, levels={7: 1}, capacity_left=1, accepts_remote=True, availability=MON_AM)
    scores = score_pairs([mentee], [near, remote], CENTROIDS)
    km = haversine_km(14.6, -61.0, 14.8, -61.0)
    assert scores.score[0, 0] == pytest.approx(10 + 5 * (1 - km / 50) + 2)
    assert scores.score[0, 1] == pytest.approx(17.0)
    [suggestion] = suggest([mentee], [near], CENTROIDS)
    assert suggestion.distance_km == pytest.approx(round(km, 1))
    assert (suggestion.mentee_commune, suggestion.meeting_commune) == (1, 2)
    assert suggestion.common_slots == ("mon_am",)
    assert suggestion.shared_competences == (7,)


def test_the_nearest_meeting_commune_of_the_mentor_is_used() -> None:
    mentee = Mentee(id=1, wants={7: 1}, commune=1, availability=MON_AM)
    mentor = Mentor(id=1, levels={7: 1}, capacity_left=1, communes=(3, 2), availability=MON_AM)
    [suggestion] = suggest([mentee], [mentor], CENTROIDS)
    assert suggestion.meeting_commune == 2
    assert not suggestion.remote


def test_excluded_pairs_are_never_suggested() -> None:
    mentee = Mentee(id=5, wants={7: 1}, commune=1, availability=MON_AM)
    mentor = Mentor(id=9, levels={7: 1}, capacity_left=1, communes=(1,), availability=MON_AM)
    assert suggest([mentee], [mentor], CENTROIDS, excluded=[(5, 9)]) == []


# ---------------------------------------------------------------- 3 × 3, solved by hand


def test_competences_greedy_takes_the_best_pair_and_strands_another_mentee() -> None:
    """A–X is the best pair (3 competences), but X is the only mentor B can have.

    All meet remotely on Monday morning (5 + 2 points each). Scores: A–X 37, A–Y 27, B–X 27,
    C–Y 17, C–Z 17. Greedy: A–X then C–Y = 54. Optimum: A–Y, B–X, C–Z = 71.
    """
    common = {"accepts_remote": True, "availability": MON_AM}
    mentees = [
        Mentee(id=1, wants={1: 1, 2: 1, 3: 1}, **common),
        Mentee(id=2, wants={4: 1, 5: 1}, **common),
        Mentee(id=3, wants={6: 1}, **common),
    ]
    mentors = [
        Mentor(id=10, levels={c: 2 for c in (1, 2, 3, 4, 5)}, capacity_left=1, **common),
        Mentor(id=20, levels={1: 2, 2: 2, 6: 2}, capacity_left=1, **common),
        Mentor(id=30, levels={6: 2}, capacity_left=1, **common),
    ]
    scores = score_pairs(mentees, mentors, {})
    greedy, optimum = greedy_pairs(scores), optimal_pairs(scores)
    assert ids(greedy, mentees, mentors) == {(1, 10), (3, 20)}
    assert total_score(scores, greedy) == pytest.approx(54)
    assert ids(optimum, mentees, mentors) == {(1, 20), (2, 10), (3, 30)}
    assert total_score(scores, optimum) == pytest.approx(71)


def test_capacity_greedy_fills_the_big_mentor_too_early() -> None:
    """X takes two mentees, Y one. A–X 51 (three common slots), A–Y 49, B–X 17, C–X 17; B and
    C can only have X. Greedy: A–X, B–X = 68, C left out. Optimum: A–Y, B–X, C–X = 83."""
    mentees = [
        Mentee(
            id=1,
            wants={1: 1, 2: 1, 3: 1, 4: 1},
            accepts_remote=True,
            availability=slots_mask(["mon_am", "mon_pm", "tue_am"]),
        ),
        Mentee(id=2, wants={5: 1}, accepts_remote=True, availability=slots_mask(["sat_pm"])),
        Mentee(id=3, wants={6: 1}, accepts_remote=True, availability=slots_mask(["sat_pm"])),
    ]
    mentors = [
        Mentor(
            id=10,
            levels={c: 1 for c in range(1, 7)},
            capacity_left=2,
            accepts_remote=True,
            availability=slots_mask(["mon_am", "mon_pm", "tue_am", "sat_pm"]),
        ),
        Mentor(
            id=20,
            levels={c: 1 for c in range(1, 5)},
            capacity_left=1,
            accepts_remote=True,
            availability=slots_mask(["mon_am", "mon_pm"]),
        ),
        Mentor(id=30, levels={1: 1}, capacity_left=0, accepts_remote=True, availability=MON_AM),
    ]
    scores = score_pairs(mentees, mentors, {})
    greedy, optimum = greedy_pairs(scores), optimal_pairs(scores)
    assert total_score(scores, greedy) == pytest.approx(68)
    assert ids(optimum, mentees, mentors) == {(1, 20), (2, 10), (3, 10)}
    assert total_score(scores, optimum) == pytest.approx(83)


def test_travel_greedy_gives_away_the_only_mentor_who_meets_in_person() -> None:
    """B meets only in person, and only X meets in B's commune; A prefers X (two competences).

    A–X 27, A–Y 17; B–X 17; C–Y 17, C–Z 17 (remote), C–X 14.8 (22 km). A–Z: no common slot.
    Greedy: A–X, C–Y = 44, B alone. Optimum: A–Y, B–X, C–Z = 51.
    """
    mentees = [
        Mentee(id=1, wants={1: 1, 2: 1}, commune=1, accepts_remote=True, availability=MON_AM),
        Mentee(id=2, wants={1: 1}, commune=1, accepts_remote=False, availability=MON_AM),
        Mentee(id=3, wants={1: 1}, commune=2, accepts_remote=True, availability=MON_AM | TUE_AM),
    ]
    mentors = [
        Mentor(id=10, levels={1: 1, 2: 1}, capacity_left=1, communes=(1,), availability=MON_AM),
        Mentor(id=20, levels={1: 1}, capacity_left=1, accepts_remote=True, availability=MON_AM),
        Mentor(id=30, levels={1: 1}, capacity_left=1, accepts_remote=True, availability=TUE_AM),
    ]
    scores = score_pairs(mentees, mentors, CENTROIDS)
    greedy, optimum = greedy_pairs(scores), optimal_pairs(scores)
    assert ids(greedy, mentees, mentors) == {(1, 10), (3, 20)}
    assert total_score(scores, greedy) == pytest.approx(44)
    assert ids(optimum, mentees, mentors) == {(1, 20), (2, 10), (3, 30)}
    assert total_score(scores, optimum) == pytest.approx(51)
    by_mentee = {s.mentee_id: s for s in suggest(mentees, mentors, CENTROIDS)}
    assert by_mentee[2].distance_km == 0
    assert by_mentee[2].meeting_commune == 1
    assert by_mentee[1].remote
    assert by_mentee[1].distance_km is None


# ---------------------------------------------------------------- properties

LEVELS = st.dictionaries(st.integers(1, 4), st.integers(1, 3), max_size=3)
MASKS = st.integers(0, 15)  # Monday and Tuesday, morning and afternoon
COMMUNES = st.sampled_from([1, 2, 3])


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Mentee], list[Mentor]]:
    mentees = [
        Mentee(
            id=i,
            wants=draw(LEVELS),
            commune=draw(COMMUNES),
            accepts_remote=draw(st.booleans()),
            availability=draw(MASKS),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    mentors = [
        Mentor(
            id=100 + j,
            levels=draw(LEVELS),
            capacity_left=draw(st.integers(0, 2)),
            communes=tuple(draw(st.sets(COMMUNES, max_size=2))),
            accepts_remote=draw(st.booleans()),
            availability=draw(MASKS),
        )
        for j in range(draw(st.integers(0, 3)))
    ]
    return mentees, mentors


def feasible_by_hand(mentee: Mentee, mentor: Mentor) -> bool:
    shares = any(mentor.levels.get(c, 0) >= max(1, w) for c, w in mentee.wants.items())
    meets = (mentee.accepts_remote and mentor.accepts_remote) or bool(mentor.communes)
    return shares and bool(mentee.availability & mentor.availability) and meets


@settings(max_examples=300, deadline=None)
@given(instances())
def test_the_assignment_respects_every_rule_and_beats_greedy(
    instance: tuple[list[Mentee], list[Mentor]],
) -> None:
    mentees, mentors = instance
    scores = score_pairs(mentees, mentors, CENTROIDS)
    chosen = optimal_pairs(scores)
    rows = [r for r, _c in chosen]
    assert len(rows) == len(set(rows)), "a mentee twice"
    for c, mentor in enumerate(mentors):
        assert sum(1 for _r, col in chosen if col == c) <= mentor.capacity_left
    for r, c in chosen:
        assert feasible_by_hand(mentees[r], mentors[c])
    assert total_score(scores, chosen) >= total_score(scores, greedy_pairs(scores)) - 1e-9
    # And it is the optimum: every way to give each mentee one mentor or none, within capacity.
    best = 0.0
    for choice in itertools.product([None, *range(len(mentors))], repeat=len(mentees)):
        if any(choice.count(c) > m.capacity_left for c, m in enumerate(mentors)):
            continue
        if any(c is not None and not scores.feasible[r, c] for r, c in enumerate(choice)):
            continue
        best = max(best, sum(scores.score[r, c] for r, c in enumerate(choice) if c is not None))
    assert total_score(scores, chosen) == pytest.approx(best)
