"""Forms of the campaign pages and of the public start page (with its honeypot)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.diagnostics.models import Audience, Campaign, QuestionnaireVersion
from lakou.territory.models import Commune, Epci

HONEYPOT_FIELD = "site_web"


class VersionChoiceField(forms.ModelChoiceField[QuestionnaireVersion]):
    def label_from_instance(self, obj: QuestionnaireVersion) -> str:
        return f"{obj.questionnaire.title} — version {obj.number}"


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Titre de la campagne"), max_length=200)
    version = VersionChoiceField(
        label=_("Questionnaire"),
        queryset=QuestionnaireVersion.objects.filter(is_published=True)
        .select_related("questionnaire")
        .order_by("questionnaire__title", "-number"),
        help_text=_("Seules les versions publiées sont proposées."),
    )
    audience = forms.ChoiceField(
        label=_("Public visé"),
        choices=[("", _("Celui du questionnaire")), *Audience.choices],
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    epcis = forms.ModelMultipleChoiceField(
        label=_("EPCI couverts"),
        queryset=Epci.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans EPCI ni commune choisis, la campagne couvre toute la Martinique."),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes couvertes"),
        queryset=Commune.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    relaying_epcis = forms.ModelMultipleChoiceField(
        label=_("EPCI qui relaient la campagne"),
        queryset=Epci.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leurs équipes voient la campagne et ses taux de réponse dans leurs communes."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin doit suivre la date de début."))
        return data

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        return {
            "title": campaign.title,
            "version": campaign.version_id,
            "audience": campaign.audience,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "epcis": list(campaign.epcis.all()),
            "communes": list(campaign.communes.all()),
            "relaying_epcis": list(campaign.relaying_epcis.all()),
        }


class ResumeEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_(
            "Nous y envoyons seulement le lien pour reprendre. L'adresse est gardée avec vos "
            "réponses jusqu'à leur envoi : le lien ne pourra être envoyé qu'à elle."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
