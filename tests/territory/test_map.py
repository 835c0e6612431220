"""The pure map module: projection into the SVG box and classification of values."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from lakou.territory.map import PALETTE, classify, polygons_of, project

values_lists = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**6), st.floats(0, 100)),
    max_size=60,
)


@given(values_lists)
def test_every_known_value_falls_in_exactly_one_class(values: list[float | None]) -> None:
    classification = classify(values)

    for value in values:
        if value is None:
            assert classification.class_of(value) is None
            continue
        holding = [c for c in classification.classes if c.lower <= value <= c.upper]
        assert len(holding) == 1
        assert classification.class_of(value) == holding[0]


@given(values_lists)
def test_class_bounds_increase_and_class_counts_add_up(values: list[float | None]) -> None:
    classification = classify(values)
    known = [v for v in values if v is not None]

    assert len(classification.classes) <= 5
    assert sum(c.count for c in classification.classes) == len(known)
    for cls in classification.classes:
        assert cls.lower <= cls.upper
    for lower_class, upper_class in zip(
        classification.classes, classification.classes[1:], strict=False
    ):
        assert lower_class.upper < upper_class.lower
    if known:
        assert classification.classes[0].lower == min(known)
        assert classification.classes[-1].upper == max(known)


@given(values_lists, st.floats(-1e7, 1e7))
def test_any_value_gets_one_class_and_bigger_values_never_a_lighter_one(
    values: list[float | None], probe: float
) -> None:
    classification = classify(values)
    if not classification.classes:
        assert classification.class_of(probe) is None
        return
    cls = classification.class_of(probe)
    assert cls is not None
    bigger = classification.class_of(probe + 1)
    assert bigger is not None
    assert bigger.index >= cls.index


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60))
def test_colours_go_from_light_to_dark_and_keep_both_ends(values: list[int]) -> None:
    classification = classify(values)
    colours = [c.colour for c in classification.classes]

    indexes = [PALETTE.index(colour) for colour in colours]
    assert indexes == sorted(set(indexes))
    if len(colours) > 1:
        assert colours[0] == PALETTE[0]
        assert colours[-1] == PALETTE[-1]


def test_unknown_values_make_no_class() -> None:
    assert classify([None, None]).classes == ()
    assert classify([]).class_of(3) is None


def test_quantile_classes_hold_about_as_many_communes_each() -> None:
    classification = classify(range(1, 35))

    assert [c.count for c in classification.classes] == [7, 7, 7, 7, 6]
    first = classification.classes[0]
    assert (first.lower, first.upper) == (1, 7)


def test_equal_values_share_their_class() -> None:
    classification = classify([5, 5, 5, 5, 5, 9])

    assert [(c.lower, c.upper, c.count) for c in classification.classes] == [(5, 5, 5), (9, 9, 1)]


coordinates = st.tuples(st.floats(-61.3, -60.8), st.floats(14.3, 14.9))


@given(st.lists(st.lists(coordinates, min_size=3, max_size=12), min_size=1, max_size=6))
def test_projected_points_stay_inside_the_view_box(rings: list[list[tuple[float, float]]]) -> None:
    geometries = {
        f"972{index:02d}": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
        for index, ring in enumerate(rings)
    }

    projected = project(geometries, width=600)

    for d in projected.paths.values():
        for x, y in _absolute_points(d):
            assert 0 <= x <= projected.width
            assert 0 <= y <= projected.height


def _absolute_points(d: str) -> list[tuple[int, int]]:
    points = []
    for start, moves in re.findall(r"M(-?\d+ -?\d+)l([-\d ]*)z", d):
        x, y = (int(n) for n in start.split())
        points.append((x, y))
        numbers = [int(n) for n in moves.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_the_real_outlines_give_one_path_per_commune_and_keep_the_island_shape() -> None:
    collection = json.loads((settings.DATA_DIR / "communes.geojson").read_text(encoding="utf-8"))
    geometries = {f["properties"]["code"]: f["geometry"] for f in collection["features"]}

    projected = project(geometries, width=600)

    assert len(projected.paths) == 34
    assert all(d.startswith("M") for d in projected.paths.values())
    # Martinique is about 80 km from north to south and 65 km across (cos(lat) corrected).
    assert 1.1 < projected.height / projected.width < 1.3
    assert projected.view_box == f"0 0 600 {projected.height}"
    # Fort-de-France (south-west of the centre) lies left of Le Robert (east coast).
    fort_de_france = _absolute_points(projected.paths["97209"])
    le_robert = _absolute_points(projected.paths["97222"])
    assert max(x for x, _ in fort_de_france) < max(x for x, _ in le_robert)


def test_multipolygons_draw_every_island_and_unknown_types_are_refused() -> None:
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    multi = {"type": "MultiPolygon", "coordinates": [square, [[[2, 2], [3, 2], [3, 3], [2, 2]]]]}

    assert len(polygons_of(multi)) == 2
    assert project({"x": multi}).paths["x"].count("M") == 2
    with pytest.raises(ValueError, match="unsupported"):
        polygons_of({"type": "Point", "coordinates": [0, 0]})
