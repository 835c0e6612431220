"""Distances and travel times between communes, from their centroids. Pure: no Django.

The travel time is an **approximation**, not a route: the great-circle distance between two
commune centroids, lengthened by a road factor (Martinique's roads wind round the hills: 1.35
puts Fort-de-France – Sainte-Anne at about 50 minutes by car, as people drive it), at a mean speed
per mode. A trip inside one commune counts a fixed few minutes. Good enough to say « too far for a
weekly workshop »; not to time a bus connection.

Used by the workshop planner (mediation) and meant for other matching that needs « how far »
(issue 13). The mentoring assignment imports its distance helpers from here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0
# Road kilometres per straight-line kilometre between two centroids.
ROAD_FACTOR = 1.35
# Mean door-to-door speeds, km/h (Martinique: hills, traffic round Fort-de-France).
SPEED_KMH = {"car": 45.0, "bus": 25.0, "bike": 14.0, "walk": 4.5}
# A trip inside one's own commune: parking, a few streets.
SAME_COMMUNE_MINUTES = 10.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in degrees, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_matrix(points: Sequence[tuple[float, float]]) -> NDArray[np.float64]:
    """Kilometres between every two (lat, lon) points (a symmetric matrix, zero diagonal)."""
    coords = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    lat, lon = coords[:, 0][:, None], coords[:, 1][:, None]
    dlat, dlon = lat - lat.T, lon - lon.T
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """(signed area, x, y) of a closed ring of (lon, lat) positions (planar shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, float(ring[0][0]), float(ring[0][1])
    return area, cx / (6 * area), cy / (6 * area)


def polygon_centroid(
    polygons: Sequence[Sequence[Sequence[Sequence[float]]]],
) -> tuple[float, float]:
    """(lat, lon) centroid of polygons (each: outer ring then holes), weighted by area."""
    total = sx = sy = 0.0
    for rings in polygons:
        for index, ring in enumerate(rings):
            area, x, y = ring_centroid(ring)
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            sx += weight * x
            sy += weight * y
    if total == 0:
        first = polygons[0][0][0]
        return float(first[1]), float(first[0])
    return sy / total, sx / total


def travel_minutes_matrix(
    points: Sequence[tuple[float, float]],
    *,
    mode: str = "car",
    road_factor: float = ROAD_FACTOR,
    same_commune_minutes: float = SAME_COMMUNE_MINUTES,
) -> NDArray[np.float64]:
    """Minutes from every commune centroid (lat, lon) to every other, by `mode` (see SPEED_KMH):
    straight-line km × road factor at the mode's mean speed; the diagonal is the in-commune trip."""
    if mode not in SPEED_KMH:
        raise ValueError(f"unknown travel mode {mode!r}; one of {sorted(SPEED_KMH)}")
    km = distance_matrix(points)
    minutes = km * road_factor / SPEED_KMH[mode] * 60.0
    np.fill_diagonal(minutes, same_commune_minutes)
    return minutes


def commune_travel_minutes(
    centroids: Mapping[int, tuple[float, float]], *, mode: str = "car"
) -> tuple[list[int], NDArray[np.float64]]:
    """(commune ids in order, minutes matrix) for communes keyed by id; ids sorted."""
    ids = sorted(centroids)
    if not ids:
        return [], np.zeros((0, 0))
    return ids, travel_minutes_matrix([centroids[i] for i in ids], mode=mode)
