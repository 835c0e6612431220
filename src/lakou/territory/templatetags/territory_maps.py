"""`{% commune_map values title=… unit=… %}`: the communes map, its legend and its data table.

`values` maps INSEE codes to numbers; None, or a commune missing from `values`, is drawn as
"donnée inconnue". With `scope` (INSEE codes), the communes outside it are dimmed and left out of
the table and of the classes.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lakou.territory.map import (
    OUTSIDE_FILL,
    SEA_FILL,
    UNKNOWN_BACKGROUND,
    UNKNOWN_HATCH,
    Classification,
    classify,
    project,
)
from lakou.territory.models import Commune

register = template.Library()

Number = int | float | Decimal
_map_ids = itertools.count(1)


@dataclass(frozen=True)
class MapArea:
    insee_code: str
    name: str
    epci: str
    url: str
    d: str
    fill: str
    title: str
    value_text: str
    known: bool
    in_scope: bool


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str = ""
    unknown: bool = False


def format_number(value: Number, decimals: int | None = None) -> str:
    """French digits: grouped thousands, decimal comma; no decimals for whole numbers by default."""
    if decimals is None:
        decimals = 0 if value == int(value) else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _with_unit(text: str, unit: str) -> str:
    return f"{text}\u00a0{unit}" if unit else text


def _legend(
    classification: Classification,
    *,
    unit: str,
    decimals: int | None,
    unknown_count: int,
    outside_count: int,
    outside_label: str,
) -> list[LegendItem]:
    items = []
    for cls in classification.classes:
        lower = format_number(cls.lower, decimals)
        upper = format_number(cls.upper, decimals)
        if cls.lower == cls.upper:
            bounds = _with_unit(lower, unit)
        else:
            bounds = _("de %(lower)s à %(upper)s") % {
                "lower": lower,
                "upper": _with_unit(upper, unit),
            }
        communes = ngettext("%(n)d commune", "%(n)d communes", cls.count) % {"n": cls.count}
        items.append(LegendItem(label=f"{bounds} ({communes})", colour=cls.colour))
    if unknown_count:
        communes = ngettext("%(n)d commune", "%(n)d communes", unknown_count) % {"n": unknown_count}
        items.append(
            LegendItem(
                label=_("donnée inconnue (%(communes)s)") % {"communes": communes}, unknown=True
            )
        )
    if outside_count:
        items.append(LegendItem(label=outside_label, colour=OUTSIDE_FILL))
    return items


@register.inclusion_tag("territory/components/commune_map.html")
def commune_map(
    values: Mapping[str, Number | None],
    title: str,
    unit: str = "",
    label: str = "",
    scope: Collection[str] | None = None,
    outside_label: str = "",
    decimals: int | None = None,
    map_id: str = "",
) -> dict[str, Any]:
    communes = list(
        Commune.objects.with_epci().only("insee_code", "name", "boundary", "epci__short_name")
    )
    in_scope = {c.insee_code for c in communes} if scope is None else set(scope)
    geometries = {c.insee_code: c.boundary for c in communes if c.boundary}
    projected = project(geometries)
    classification = classify(
        float(value) for code, value in values.items() if code in in_scope and value is not None
    )
    map_id = map_id or f"carte-{next(_map_ids)}"
    outside_label = outside_label or _("hors du périmètre de la carte")

    areas: list[MapArea] = []
    for commune in communes:
        inside = commune.insee_code in in_scope
        value = values.get(commune.insee_code) if inside else None
        cls = classification.class_of(float(value)) if value is not None else None
        if not inside:
            fill, value_text = OUTSIDE_FILL, outside_label
            area_title = f"{commune.name} : {outside_label}"
        elif value is None or cls is None:
            fill, value_text = f"url(#{map_id}-inconnu)", _("inconnu")
            area_title = f"{commune.name} : {_('donnée inconnue')}"
        else:
            fill, value_text = cls.colour, format_number(value, decimals)
            area_title = f"{commune.name} : {_with_unit(value_text, unit)}"
        areas.append(
            MapArea(
                insee_code=commune.insee_code,
                name=commune.name,
                epci=commune.epci.short_name,
                url=commune.get_absolute_url(),
                d=projected.paths.get(commune.insee_code, ""),
                fill=fill,
                title=area_title,
                value_text=value_text,
                known=value is not None,
                in_scope=inside,
            )
        )

    rows = [area for area in areas if area.in_scope]
    unknown_count = sum(1 for area in rows if not area.known)
    outside_count = len(areas) - len(rows)
    legend = _legend(
        classification,
        unit=unit,
        decimals=decimals,
        unknown_count=unknown_count,
        outside_count=outside_count,
        outside_label=outside_label,
    )
    description = " ".join(
        part
        for part in (
            ngettext(
                "Carte des communes de Martinique en %(n)d classe de couleur.",
                "Carte des communes de Martinique en %(n)d classes de couleur, "
                "de la plus claire (valeurs les plus faibles) "
                "à la plus foncée (valeurs les plus fortes).",
                len(classification.classes),
            )
            % {"n": len(classification.classes)},
            ngettext(
                "%(n)d commune sans donnée est hachurée.",
                "%(n)d communes sans donnée sont hachurées.",
                unknown_count,
            )
            % {"n": unknown_count}
            if unknown_count
            else "",
            ngettext(
                "%(n)d commune hors du périmètre est grisée.",
                "%(n)d communes hors du périmètre sont grisées.",
                outside_count,
            )
            % {"n": outside_count}
            if outside_count
            else "",
            _("Le tableau « %(title)s » donne la valeur de chaque commune.") % {"title": title},
        )
        if part
    )
    return {
        "map_id": map_id,
        "title": title,
        "description": description,
        "column_label": f"{label or title} ({unit})" if unit else (label or title),
        "view_box": projected.view_box,
        "width": projected.width,
        "height": projected.height,
        "areas": [area for area in areas if area.d],
        "rows": rows,
        "legend": legend,
        "sea_fill": SEA_FILL,
        "unknown_background": UNKNOWN_BACKGROUND,
        "unknown_hatch": UNKNOWN_HATCH,
    }
