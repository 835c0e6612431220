"""The form of a declined match: the reason, required and bounded (the service checks it too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.matching.services.matches import REASON_MAX_LENGTH


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi déclinez-vous ?"),
        help_text=_("Quelques mots suffisent ; ils aident à mieux vous proposer la suite."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites en quelques mots pourquoi vous déclinez.")},
    )
