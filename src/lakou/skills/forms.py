from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class OccupationFilterForm(forms.Form):
    """The search box and domain filter of the occupation list (GET, works without JavaScript)."""

    q = forms.CharField(
        label=_("Rechercher un métier"),
        help_text=_("Un mot du métier ou d'une appellation, avec ou sans accents."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    domain = forms.ChoiceField(label=_("Domaine professionnel"), required=False)

    def __init__(self, *args: Any, domains: list[tuple[str, str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("Tous les domaines"))] + [  # type: ignore[attr-defined]
            (code, f"{code} — {label} ({count})") for code, label, count in domains
        ]

    def filters(self) -> tuple[str, str]:
        """(search text, domain code) from the valid fields; an invalid field filters nothing."""
        self.is_valid()
        return self.cleaned_data.get("q", ""), self.cleaned_data.get("domain", "")
