"""Forms of the applications: the learner's application, the company's decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.partnerships.models import Application
from lakou.partnerships.services.applications import ACTIONS, CV_MAX_BYTES


class ApplicationForm(forms.Form):
    message = forms.CharField(
        label=_("Votre message à l'entreprise"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("Pourquoi cette offre vous intéresse, votre formation, vos disponibilités."),
        error_messages={"required": _("Écrivez quelques mots à l'entreprise.")},
    )
    cv = forms.FileField(
        label=_("Votre CV (fichier PDF, 5 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Joignez votre CV au format PDF."),
            "empty": _("Le fichier du CV est vide."),
        },
    )

    def clean_cv(self) -> object:
        cv = self.cleaned_data["cv"]
        if cv is not None and cv.size > CV_MAX_BYTES:
            raise forms.ValidationError(
                _("Le CV dépasse 5 Mo. Enregistrez-le en PDF plus léger et envoyez-le de nouveau.")
            )
        return cv


class DecisionForm(forms.Form):
    """One of the pipeline's buttons."""

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class RefusalForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif du refus"),
        choices=Application.RefusalReason.choices,
        widget=forms.RadioSelect,
        help_text=_("La personne lit ce motif dans l'e-mail qu'elle reçoit."),
        error_messages={"required": _("Choisissez le motif du refus.")},
    )
