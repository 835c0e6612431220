"""The form of a saved plan: sharing it with advisers, or not."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanShareForm(forms.Form):
    shared = forms.TypedChoiceField(
        label=_("Visible des conseillers et des médiateurs"),
        choices=[("1", _("Oui, je le partage")), ("0", _("Non, je le garde pour moi"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites si vous partagez ce plan ou non.")},
    )
