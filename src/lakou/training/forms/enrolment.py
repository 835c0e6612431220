"""Forms of the enrolment pages: the learner's request and the provider's decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, normalise_phone
from lakou.training.services.enrolment import ACTIONS


class EnrolmentRequestForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Indiquez votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        help_text=_("Tels qu'ils figureront sur la liste des inscrits et sur votre certificat."),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    message = forms.CharField(
        label=_("Message à l'organisme (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Vos attentes, votre situation, une question."),
    )
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Pour que l'organisme puisse vous appeler, par exemple 0696 12 34 56."),
    )

    def clean_phone(self) -> str:
        """The number in E.164 (`+596696123456`); letters or a wrong length are refused."""
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid_phone") from error


class DecisionForm(forms.Form):
    """One of the roster's buttons; a refusal also needs its reason."""

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    reason = forms.CharField(max_length=SHORT_TEXT_MAX_LENGTH, required=False)


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("La personne lit ce motif dans l'e-mail qu'elle reçoit."),
        error_messages={"required": _("Expliquez pourquoi la demande n'est pas retenue.")},
    )
