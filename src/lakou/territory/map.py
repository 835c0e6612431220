"""Choropleth maps of the communes as SVG: projection and classification. Pure, no Django import.

Projection: equirectangular, longitudes scaled by cos(mean latitude) so that Martinique (about
14.6° N) keeps its shape; at this size the error against a conformal projection is invisible.

Classification: quantiles (classes holding about the same number of communes), because
populations are very skewed (Fort-de-France has 45 times the population of Grand'Rivière) and
equal intervals would put almost every commune in the first class. Equal values always share a
class, so there may be fewer classes than asked when few distinct values are known. Each class
is bounded by the smallest and the largest value it holds; a value between two classes belongs
to the upper one.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# ColorBrewer "YlGnBu", 5 classes: sequential, safe for the three common colour-vision
# deficiencies and in greyscale print. Light to dark; the legend text sits beside its swatch,
# never on it, so the dark end stays legible.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# "Unknown" is a grey hatching on white, which no class colour resembles.
UNKNOWN_BACKGROUND = "#ffffff"
UNKNOWN_HATCH = "#595959"
# Communes outside the map's perimeter (e.g. another EPCI): drawn, but dimmed.
OUTSIDE_FILL = "#d9d9d9"
SEA_FILL = "#eef3f6"

Position = Sequence[float]
Ring = Sequence[Position]


@dataclass(frozen=True)
class ProjectedMap:
    width: float
    height: float
    paths: dict[str, str]

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(self.width)} {_number(self.height)}"


@dataclass(frozen=True)
class MapClass:
    index: int
    lower: float
    upper: float
    colour: str
    count: int


@dataclass(frozen=True)
class Classification:
    classes: tuple[MapClass, ...]

    def class_of(self, value: float | None) -> MapClass | None:
        """The class of any value (None for an unknown value or when nothing is known)."""
        if value is None or not self.classes:
            return None
        thresholds = [cls.lower for cls in self.classes[1:]]
        return self.classes[bisect_right(thresholds, value)]


def polygons_of(geometry: Mapping[str, Any]) -> list[Sequence[Ring]]:
    """The polygons of a GeoJSON Polygon or MultiPolygon, each a list of rings of [lon, lat]."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type: {kind!r}")


def _positions(geometries: Iterable[Mapping[str, Any]]) -> Iterable[Position]:
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                yield from ring


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def project(
    geometries: Mapping[str, Mapping[str, Any]], *, width: float = 600.0, margin: float = 4.0
) -> ProjectedMap:
    """Project GeoJSON geometries keyed by code into an SVG box `width` wide; returns path `d`s."""
    positions = list(_positions(geometries.values()))
    if not positions:
        return ProjectedMap(width=width, height=width, paths={})
    min_lon = min(p[0] for p in positions)
    max_lon = max(p[0] for p in positions)
    min_lat = min(p[1] for p in positions)
    max_lat = max(p[1] for p in positions)
    x_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * x_factor
    span_y = max_lat - min_lat
    # Fit the width; the height follows the shape. A degenerate (single point) shape gets a square.
    scale = (width - 2 * margin) / (span_x if span_x > 0 else max(span_y, 1e-9))
    height = math.ceil(span_y * scale + 2 * margin) if span_y > 0 else width

    paths: dict[str, str] = {}
    for code, geometry in geometries.items():
        parts: list[str] = []
        for polygon in polygons_of(geometry):
            for ring in polygon:
                points: list[tuple[int, int]] = []
                for lon, lat, *_rest in ring:
                    xy = (
                        round(margin + (lon - min_lon) * x_factor * scale),
                        round(margin + (max_lat - lat) * scale),
                    )
                    if not points or points[-1] != xy:
                        points.append(xy)
                if len(points) > 1 and points[0] == points[-1]:
                    points.pop()
                if len(points) >= 3:
                    parts.append(_ring_path(points))
        paths[code] = "".join(parts)
    return ProjectedMap(width=width, height=height, paths=paths)


def _ring_path(points: Sequence[tuple[int, int]]) -> str:
    """`M x y l dx dy dx dy … z`: whole units and relative moves keep the markup small."""
    x0, y0 = points[0]
    moves: list[str] = []
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        moves.append(f"{xb - xa} {yb - ya}")
    return f"M{x0} {y0}l{' '.join(moves)}z"


def classify(
    values: Iterable[float | None], *, count: int = 5, palette: Sequence[str] = PALETTE
) -> Classification:
    """Quantile classes of the known values (None values are ignored); at most `count` classes."""
    if count < 1 or count > len(palette):
        raise ValueError("count must be between 1 and the number of palette colours")
    known = sorted(value for value in values if value is not None)
    if not known:
        return Classification(classes=())
    # A value's class follows the rank of its first occurrence, so equal values share a class.
    groups: dict[int, list[float]] = {}
    for value in known:
        group = min(count - 1, bisect_left(known, value) * count // len(known))
        groups.setdefault(group, []).append(value)
    ordered = [groups[key] for key in sorted(groups)]
    colours = _spread(palette, len(ordered))
    return Classification(
        classes=tuple(
            MapClass(
                index=index, lower=members[0], upper=members[-1], colour=colour, count=len(members)
            )
            for index, (members, colour) in enumerate(zip(ordered, colours, strict=True))
        )
    )


def _spread(palette: Sequence[str], wanted: int) -> list[str]:
    """`wanted` colours picked evenly from light to dark, keeping both ends when possible."""
    if wanted == 1:
        return [palette[len(palette) // 2]]
    last = len(palette) - 1
    return [palette[round(index * last / (wanted - 1))] for index in range(wanted)]
