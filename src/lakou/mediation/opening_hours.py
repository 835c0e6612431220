"""Opening hours in OpenStreetMap's syntax (as the national schema writes them), read aloud in
plain French: « Mo-Fr 08:00-12:00,14:00-17:00; Sa 09:00-12:00 » becomes « du lundi au vendredi,
de 8 h à 12 h et de 14 h à 17 h ; le samedi, de 9 h à 12 h ». Pure: no Django.

Only the common subset is read (days, day ranges, time ranges, `off`); anything else returns
None and the page shows the text as written.
"""

from __future__ import annotations

import re

DAYS = {
    "Mo": "lundi",
    "Tu": "mardi",
    "We": "mercredi",
    "Th": "jeudi",
    "Fr": "vendredi",
    "Sa": "samedi",
    "Su": "dimanche",
}
_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = re.compile(rf"^{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*$")
_TIMES = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")


def _time(hours: str, minutes: str) -> str:
    return f"{int(hours)} h" if minutes == "00" else f"{int(hours)} h {minutes}"


def _days(text: str) -> str | None:
    if not _DAYS.match(text):
        return None
    parts = []
    for piece in text.split(","):
        if "-" in piece:
            first, last = piece.split("-")
            parts.append(f"du {DAYS[first]} au {DAYS[last]}")
        else:
            parts.append(f"le {DAYS[piece]}")
    return _joined(parts)


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _hours(text: str) -> str | None:
    if text == "off":
        return "fermé"
    ranges = []
    for piece in text.split(","):
        match = _TIMES.match(piece.strip())
        if match is None:
            return None
        start, end = _time(*match.group(1, 2)), _time(*match.group(3, 4))
        ranges.append(f"de {start} à {end}")
    return _joined(ranges)


def in_french(hours: str) -> str | None:
    """The hours in plain French, or None when the text uses more of the syntax than this reads."""
    rules = [rule.strip() for rule in hours.split(";") if rule.strip()]
    if not rules:
        return None
    sentences = []
    for rule in rules:
        days_text, _, times_text = rule.partition(" ")
        days = _days(days_text)
        times = _hours(times_text.strip()) if times_text.strip() else None
        if days is None or times is None:
            return None
        sentences.append(f"{days}, {times}")
    return " ; ".join(sentences)
