"""Forms of the suggestions and candidates pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.matching.models import OpportunityKind
from lakou.matching.services.candidates import MESSAGE_MAX_LENGTH
from lakou.skills.models import Occupation


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de proposition"),
        choices=[("", _("Toutes")), *OpportunityKind.choices],
        required=False,
    )


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Présentez votre organisation et ce que vous proposez. La personne reçoit votre "
            "message par e-mail et vous répond sur Lakou ; vous verrez alors son adresse."
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Votre réponse"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En répondant, vous donnez votre adresse e-mail à cette organisation."),
    )


class OccupationForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=_("Métier"),
        queryset=Occupation.objects.order_by("label"),
        to_field_name="code_rome",
        empty_label=_("Choisissez un métier"),
    )
