"""OpenStreetMap opening hours read in plain French (a pure module)."""

from __future__ import annotations

import pytest

from lakou.mediation.opening_hours import in_french


@pytest.mark.parametrize(
    ("hours", "french"),
    [
        (
            "Mo-Fr 08:00-12:00,14:00-17:00",
            "du lundi au vendredi, de 8 h à 12 h et de 14 h à 17 h",
        ),
        (
            "Mo,Tu,Th,Fr 08:00-12:30; We 08:00-12:00",
            "le lundi, le mardi, le jeudi et le vendredi, de 8 h à 12 h 30 ; le mercredi, de 8 h à 12 h",
        ),
        (
            "Tu-Fr 09:00-17:00; Sa 09:00-12:00",
            "du mardi au vendredi, de 9 h à 17 h ; le samedi, de 9 h à 12 h",
        ),
        ("Mo-Sa 07:30-13:00; Su off", "du lundi au samedi, de 7 h 30 à 13 h ; le dimanche, fermé"),
    ],
)
def test_common_hours_read_in_french(hours: str, french: str) -> None:
    assert in_french(hours) == french


@pytest.mark.parametrize(
    "hours", ["", "24/7", "Mo-Fr 08:00-12:00; PH off", "Mo-Fr 8h-12h", "Lundi 08:00-12:00", "Mo-Fr"]
)
def test_what_it_does_not_read_is_left_as_written(hours: str) -> None:
    assert in_french(hours) is None
