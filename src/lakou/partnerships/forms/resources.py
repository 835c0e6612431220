"""Forms of the pooled resources pages: share, filter, book, refuse, note the return."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from lakou.partnerships.models import ContentLicence, Resource, ResourceKind
from lakou.partnerships.services.resources import ResourceData
from lakou.territory.models import Commune

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _communes(empty_label: StrOrPromise) -> forms.ModelChoiceField[Commune]:
    return forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.order_by("name").only("pk", "insee_code", "name"),
        required=False,
        empty_label=empty_label,
    )


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de ressource"), choices=ResourceKind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("Ce que contient la ressource, à qui elle sert, ce qu'il faut savoir."),
    )
    conditions = forms.CharField(
        label=_("Conditions d'utilisation (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Par exemple : réservé aux formations gratuites, caution, transport."),
    )
    licence = forms.ChoiceField(
        label=_("Licence du contenu (support de cours)"),
        choices=[("", _("Sans objet")), *ContentLicence.choices],
        required=False,
    )
    licence_details = forms.CharField(
        label=_("Précisions sur la licence (facultatif)"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Le nom de la licence si elle n'est pas dans la liste."),
    )
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_(
            "Nombre de postes, de licences ou d'unités prêtés en même temps. Laissez vide pour "
            "un support téléchargeable, sans limite."
        ),
    )
    commune = _communes(_("Aucune (pas de lieu)"))
    venue = forms.CharField(
        label=_("Lieu (facultatif)"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Là où se trouve le matériel ou la salle, s'il y a lieu."),
    )
    is_shared = forms.BooleanField(
        label=_("Proposée au catalogue"),
        required=False,
        initial=True,
        help_text=_("Décochez pour retirer la ressource du catalogue sans perdre son historique."),
    )

    @classmethod
    def initial_for(cls, resource: Resource) -> dict[str, Any]:
        initial = {name: getattr(resource, name) for name in cls.base_fields if name != "commune"}
        initial["commune"] = resource.commune_id
        return initial

    def resource_data(self) -> ResourceData:
        data = dict(self.cleaned_data)
        commune = data.pop("commune")
        return ResourceData(**data, commune_id=commune.pk if commune else None)


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, by GET; a wrong value is ignored."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous")), *ResourceKind.choices], required=False
    )
    commune = _communes(_("Toutes"))
    free_from = forms.DateField(label=_("Libre du"), required=False, widget=DATE_WIDGET)
    free_to = forms.DateField(label=_("au"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("free_from"), data.get("free_to")
        if start and not end:
            data["free_to"] = start
        elif end and not start:
            data["free_from"] = end
        if data.get("free_from") and data["free_to"] < data["free_from"]:
            self.add_error("free_to", _("La date de fin est avant la date de début."))
        return data


class BookingForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Du"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le premier jour."),
            "invalid": _("Date non valide."),
        },
    )
    ends_on = forms.DateField(
        label=_("Au (inclus)"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le dernier jour."),
            "invalid": _("Date non valide."),
        },
    )
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=1,
        max_value=10_000,
        initial=1,
        help_text=_("Nombre de postes, de licences ou d'unités."),
    )
    purpose = forms.CharField(
        label=_("Usage prévu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("La formation ou l'atelier, le public, le nombre de personnes."),
        error_messages={"required": _("Dites à quoi servira la ressource.")},
    )


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_("L'organisation qui a demandé lit ce motif dans l'e-mail qu'elle reçoit."),
        error_messages={"required": _("Expliquez pourquoi la demande n'est pas acceptée.")},
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Rendue le"), widget=DATE_WIDGET)
    damage_notes = forms.CharField(
        label=_("Dommages constatés (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Laissez vide si tout est rendu en bon état."),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Du"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Au"), widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La date de fin est avant la date de début."))
            elif (end - start).days > 3 * 366:
                self.add_error("end", _("Choisissez une période de trois ans au plus."))
        return data
