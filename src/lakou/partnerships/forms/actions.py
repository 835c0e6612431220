"""Forms of the partnership actions: the action, its outcome, partners, contributions,
the cancellation reason, the members' list filters and the public calendar's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Membership, Organisation
from lakou.core.forms import PeriodTerritoryForm, territory_choices
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.models import Action, ActionKind, ContributionKind
from lakou.partnerships.services.actions import (
    MAX_HOURLY_VALUE,
    MAX_HOURS,
    MAX_PEOPLE,
    MAX_VALUE,
    ActionData,
    CalendarQuery,
    ContributionData,
)
from lakou.territory.models import Commune

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def member_organisations() -> Any:
    """Organisations with at least one active member: those that act in Lakou (a bounded list,
    unlike the registry's thousands of companies)."""
    members = Membership.objects.active().filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(members)).order_by("name").only("pk", "name", "kind")


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'action"), choices=ActionKind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    starts_at = forms.DateTimeField(
        label=_("Début (date et heure)"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Fin (date et heure)"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_(
            "Heure de la Martinique. Une action sur plusieurs mois finit à sa date de fin."
        ),
    )
    is_online = forms.BooleanField(label=_("En ligne"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.order_by("name").only("pk", "insee_code", "name"),
        required=False,
        help_text=_("Obligatoire sauf pour une action en ligne."),
    )
    venue = forms.CharField(label=_("Lieu"), max_length=TITLE_MAX_LENGTH, required=False)
    is_public = forms.BooleanField(
        label=_("Publique : paraît dans l'agenda ouvert à tous"), required=False, initial=True
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisateurs"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Sans choix, la fédération organise seule."),
    )

    def __init__(self, *args: Any, choose_organisers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choose_organisers:
            organisers = self.fields["organisers"]
            assert isinstance(organisers, forms.ModelMultipleChoiceField)
            organisers.queryset = member_organisations()
        else:
            del self.fields["organisers"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("La fin doit venir après le début."))
        if not data.get("is_online") and not data.get("commune"):
            self.add_error(
                "commune", _("Choisissez la commune de l'action, ou cochez « En ligne ».")
            )
        return data

    @classmethod
    def initial_for(cls, action: Action) -> dict[str, Any]:
        from django.utils import timezone

        return {
            "kind": action.kind,
            "title": action.title,
            "description": action.description,
            "starts_at": timezone.localtime(action.starts_at),
            "ends_at": timezone.localtime(action.ends_at),
            "is_online": action.is_online,
            "commune": action.commune,
            "venue": action.venue,
            "is_public": action.is_public,
            "organisers": list(action.organisers.all()),
        }

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            is_online=data["is_online"],
            commune=data["commune"],
            venue=data["venue"],
            is_public=data["is_public"],
            organisers=tuple(data.get("organisers") or ()),
        )


class OutcomeForm(forms.Form):
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=0,
        max_value=MAX_PEOPLE,
        required=False,
        help_text=_("Le nombre de personnes venues ; laissez vide s'il n'est pas connu."),
    )
    hires = forms.IntegerField(
        label=_("Recrutements"),
        min_value=0,
        max_value=MAX_PEOPLE,
        required=False,
        help_text=_("Embauches, stages ou alternances nés de l'action, s'ils sont connus."),
    )
    outcome_notes = forms.CharField(
        label=_("Bilan"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation partenaire"), queryset=Organisation.objects.none(), required=False
    )
    siret = forms.CharField(
        label=_("ou le SIRET d'une entreprise du répertoire"),
        max_length=14,
        min_length=14,
        required=False,
        help_text=_("14 chiffres, pour une entreprise qui n'a pas encore de compte Lakou."),
    )
    role = forms.CharField(
        label=_("Rôle dans l'action"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Par exemple : mécène, accueille l'action, fournit les experts."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = member_organisations()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        siret = (data.get("siret") or "").replace(" ", "")
        if siret:
            found = Organisation.objects.filter(siret=siret).first()
            if found is None:
                self.add_error("siret", _("Aucune organisation du répertoire n'a ce SIRET."))
            else:
                data["organisation"] = found
        elif not data.get("organisation") and "organisation" not in self.errors:
            self.add_error("organisation", _("Choisissez une organisation ou donnez un SIRET."))
        return data


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type d'apport"), choices=ContributionKind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Date de l'apport"), widget=DATE_WIDGET)
    description = forms.CharField(
        label=_("Description"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("En quelques mots : « prêt de la salle », « 10 ordinateurs portables »."),
    )
    amount = forms.DecimalField(
        label=_("Montant ou valeur (€)"),
        min_value=0,
        max_value=MAX_VALUE,
        decimal_places=2,
        required=False,
        help_text=_(
            "Pour un apport financier, le montant ; pour un apport en nature, sa valeur déclarée."
        ),
    )
    hours = forms.DecimalField(
        label=_("Nombre d'heures d'expert"),
        min_value=0,
        max_value=MAX_HOURS,
        decimal_places=2,
        required=False,
    )
    hourly_value = forms.DecimalField(
        label=_("Valeur d'une heure (€)"),
        min_value=0,
        max_value=MAX_HOURLY_VALUE,
        decimal_places=2,
        required=False,
        help_text=_("La valeur = heures × valeur d'une heure."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ContributionKind.EXPERTISE:
            if data.get("hours") in (None, 0):
                self.add_error("hours", _("Donnez le nombre d'heures."))
            if data.get("hourly_value") is None:
                self.add_error("hourly_value", _("Donnez la valeur d'une heure."))
        elif data.get("kind") and data.get("amount") in (None, 0):
            self.add_error("amount", _("Donnez le montant ou la valeur, en euros."))
        return data

    def contribution_data(self) -> ContributionData:
        data = self.cleaned_data
        return ContributionData(
            kind=data["kind"],
            date=data["date"],
            description=data["description"],
            amount=data.get("amount"),
            hours=data.get("hours"),
            hourly_value=data.get("hourly_value"),
        )


class CalendarFilterForm(forms.Form):
    """The public calendar and its feed; GET, works without JavaScript."""

    kind = forms.ChoiceField(
        label=_("Type d'action"), choices=[("", _("Tous")), *ActionKind.choices], required=False
    )
    territory = forms.ChoiceField(
        label=_("Territoire"),
        required=False,
        help_text=_("Un EPCI ou une commune ; les actions en ligne paraissent toujours."),
    )
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ChoiceField)
        territory.choices = territory_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("La date de fin doit venir après la date de début."))
        return data

    def query(self) -> CalendarQuery:
        data = self.cleaned_data
        return CalendarQuery(
            kind=data.get("kind", ""),
            territory=data.get("territory", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ActionListFilterForm(CalendarFilterForm):
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous")), *Action.Status.choices, ("to_close", _("À clôturer"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("Seulement celles de mon organisation"), required=False)


class IndicatorFilterForm(PeriodTerritoryForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].help_text = _(
            "La commune de l'action (les actions en ligne ne comptent que pour toute la "
            "Martinique) ; pour les stages et l'alternance, la commune de l'entreprise d'accueil."
        )
