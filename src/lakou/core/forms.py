"""Forms shared by several solutions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lakou.territory.models import Commune, Epci


def territory_choices() -> list[tuple[str, str]]:
    """All of Martinique, the three EPCI, then the communes: two queries."""
    choices = [("", gettext("Toute la Martinique"))]
    choices += [
        (siren, f"EPCI — {name}") for siren, name in Epci.objects.values_list("siren", "short_name")
    ]
    choices += list(Commune.objects.order_by("name").values_list("insee_code", "name"))
    return choices


class PeriodTerritoryForm(forms.Form):
    """Period and territory of an indicator or of a map; GET, works without JavaScript."""

    period = forms.CharField(
        label=_("Période"),
        max_length=7,
        help_text=_("Une année (2026) ou un trimestre (2026-Q3)."),
    )
    territory = forms.ChoiceField(label=_("Territoire"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = territory_choices()  # type: ignore[attr-defined]
