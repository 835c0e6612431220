"""Forms of the venue pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.forms import territory_choices
from lakou.core.validators import PhoneError, normalise_phone
from lakou.mediation.models import (
    Access,
    Fee,
    Guidance,
    Public,
    Service,
    Support,
    Venue,
    VenueKind,
)
from lakou.territory.models import Commune


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


LISTS = {
    "services": Service,
    "publics": Public,
    "supports": Support,
    "fees": Fee,
    "access_modes": Access,
    "guidance_modes": Guidance,
}


class VenueForm(forms.ModelForm[Venue]):
    """A venue as its keeper writes it; the lists are the national schema's values."""

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "carrier_name",
            "carrier_number",
            "commune",
            "postal_code",
            "address",
            "address_complement",
            "opening_hours",
            "phone",
            "email",
            "website",
            "summary",
            "presentation",
            "accessibility",
            "computers",
            "has_wifi",
            "has_projector",
            "capacity",
            *LISTS,
            "booking_url",
            "is_published",
        ]
        widgets = {"presentation": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = self.fields["commune"]
        assert isinstance(commune, forms.ModelChoiceField)
        commune.queryset = Commune.objects.order_by("name").only("pk", "insee_code", "name")
        for name, choices in LISTS.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=self.fields[name].label,
                choices=choices.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["postal_code"].help_text = _("5 chiffres, par exemple 97200.")
        self.fields["phone"].help_text = _("Par exemple 0596 60 12 34.")

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except PhoneError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if not (len(code) == 5 and code.isdigit()):
            raise forms.ValidationError(
                _("Écrivez les 5 chiffres du code postal, par exemple 97200.")
            )
        return code

    def clean_carrier_number(self) -> str:
        return "".join(self.cleaned_data["carrier_number"].split()).upper()
