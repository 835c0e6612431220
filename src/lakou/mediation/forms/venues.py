"""Forms of the venue pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.forms import territory_choices
from lakou.mediation.models import VenueKind


class VenueFilterForm(forms.Form):
    territory = forms.ChoiceField(
        label=_("Près de chez moi"),
        required=False,
        help_text=_("Une commune ou un EPCI."),
    )
    kind = forms.ChoiceField(
        label=_("Type de lieu"),
        required=False,
        choices=[("", _("Tous les lieux")), *VenueKind.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ChoiceField)
        territory.choices = territory_choices()
