"""Distances and travel-time approximations between communes."""

from __future__ import annotations

import pytest

from lakou.territory.travel import (
    SAME_COMMUNE_MINUTES,
    commune_travel_minutes,
    haversine_km,
    polygon_centroid,
    travel_minutes_matrix,
)

FORT_DE_FRANCE = (14.6161, -61.0588)
SAINTE_ANNE = (14.4346, -60.8814)


def test_a_degree_of_latitude_is_111_km() -> None:
    assert haversine_km(14.0, -61.0, 15.0, -61.0) == pytest.approx(111.19, abs=0.01)


def test_fort_de_france_to_sainte_anne_is_about_fifty_minutes_by_car() -> None:
    """27 km as the crow flies, about 37 km of road: what people drive in 45 to 55 minutes."""
    minutes = travel_minutes_matrix([FORT_DE_FRANCE, SAINTE_ANNE])
    assert haversine_km(*FORT_DE_FRANCE, *SAINTE_ANNE) == pytest.approx(27.5, abs=1)
    assert 45 <= minutes[0, 1] <= 55
    assert minutes[0, 1] == minutes[1, 0]


def test_a_trip_inside_the_commune_counts_a_few_minutes() -> None:
    minutes = travel_minutes_matrix([FORT_DE_FRANCE, SAINTE_ANNE])
    assert minutes[0, 0] == minutes[1, 1] == SAME_COMMUNE_MINUTES


def test_the_bus_is_slower_than_the_car() -> None:
    car = travel_minutes_matrix([FORT_DE_FRANCE, SAINTE_ANNE], mode="car")
    bus = travel_minutes_matrix([FORT_DE_FRANCE, SAINTE_ANNE], mode="bus")
    assert bus[0, 1] == pytest.approx(car[0, 1] * 45 / 25)


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown travel mode"):
        travel_minutes_matrix([FORT_DE_FRANCE], mode="boat")


def test_the_matrix_is_keyed_by_sorted_commune_ids() -> None:
    ids, minutes = commune_travel_minutes({97227: SAINTE_ANNE, 97209: FORT_DE_FRANCE})
    assert ids == [97209, 97227]
    assert minutes.shape == (2, 2)
    empty_ids, empty = commune_travel_minutes({})
    assert empty_ids == []
    assert empty.shape == (0, 0)


def test_a_polygon_centroid_weighs_out_its_holes() -> None:
    outer = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
    hole = [[0.0, 0.0], [0.0, 2.0], [2.0, 2.0], [2.0, 0.0], [0.0, 0.0]]
    assert polygon_centroid([[outer]]) == pytest.approx((2.0, 2.0))
    lat, lon = polygon_centroid([[outer, hole]])
    assert lat > 2.0
    assert lon > 2.0


def test_the_mentoring_assignment_uses_the_same_functions() -> None:
    from lakou.partnerships import assignment
    from lakou.territory import travel

    assert assignment.haversine_km is travel.haversine_km
    assert assignment.polygon_centroid is travel.polygon_centroid
