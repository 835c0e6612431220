"""Forms of the workshop pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.forms import territory_choices
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.mediation.models import (
    MAX_CAPACITY,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Audience,
    Level,
    Mediator,
    MediatorStatus,
    Venue,
)
from lakou.mediation.services.workshops import WorkshopData
from lakou.skills.models import Area, Framework

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class WorkshopFilterForm(forms.Form):
    territory = forms.ChoiceField(label=_("Près de chez moi"), required=False)
    audience = forms.ChoiceField(
        label=_("Pour qui"),
        required=False,
        choices=[("", _("Tous les publics")), *Audience.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ChoiceField)
        territory.choices = territory_choices()


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez le prénom et le nom de la personne.")},
    )
    phone = forms.CharField(
        label=_("Téléphone portable"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Pour le rappel par SMS la veille, par exemple 0696 12 34 56."),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail (facultatif)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr")
        },
    )


class VenueChoiceField(forms.ModelChoiceField[Venue]):
    def label_from_instance(self, obj: Venue) -> str:
        return f"{obj.commune.name} — {obj.name} ({obj.capacity} places)"


class MediatorChoiceField(forms.ModelMultipleChoiceField[Mediator]):
    def label_from_instance(self, obj: Mediator) -> str:
        return f"{obj.user.display_name} ({obj.home_commune.name})"


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Présentation (facultatif)"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que l'on y apprend, ce qu'il faut apporter (son téléphone, ses codes…)."),
    )
    topic = forms.ModelChoiceField(
        label=_("Domaine (référentiel DigComp)"), queryset=Area.objects.none(), required=False
    )
    level = forms.ChoiceField(label=_("Niveau"), choices=Level.choices)
    audience = forms.ChoiceField(label=_("Public"), choices=Audience.choices)
    venue = VenueChoiceField(
        label=_("Lieu"),
        queryset=Venue.objects.none(),
        help_text=_("Seuls les lieux qui accueillent des ateliers collectifs sont proposés."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date et heure (heure de la Martinique)"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=MIN_DURATION_MINUTES,
        max_value=MAX_DURATION_MINUTES,
        initial=90,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=10,
        help_text=_("Pas plus que le lieu n'en accueille."),
    )
    mediators = MediatorChoiceField(
        label=_("Médiateurs qui l'animent"),
        queryset=Mediator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organiser: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        venues = Venue.objects.published().filter(capacity__gt=0).select_related("commune")
        if organiser is not None and organiser.kind != Organisation.Kind.FEDERATION:
            if organiser.kind == Organisation.Kind.EPCI and organiser.epci_id:
                venues = venues.filter(Q(commune__epci_id=organiser.epci_id) | Q(manager=organiser))
            else:
                venues = venues.filter(manager=organiser) | venues.filter(
                    kind__in=["town_hall", "library", "france_services"]
                )
        venue = self.fields["venue"]
        assert isinstance(venue, forms.ModelChoiceField)
        venue.queryset = venues.order_by("commune__name", "name")
        topic = self.fields["topic"]
        assert isinstance(topic, forms.ModelChoiceField)
        topic.queryset = Area.objects.filter(framework__kind=Framework.Kind.DIGCOMP).order_by(
            "position"
        )
        mediators = self.fields["mediators"]
        assert isinstance(mediators, forms.ModelMultipleChoiceField)
        mediators.queryset = (
            Mediator.objects.filter(status=MediatorStatus.ACTIVE)
            .select_related("user", "home_commune")
            .order_by("user__last_name", "user__first_name")
        )

    def data_for_services(self) -> WorkshopData:
        data = self.cleaned_data
        return WorkshopData(
            title=data["title"],
            description=data["description"],
            topic=data["topic"],
            level=data["level"],
            audience=data["audience"],
            venue=data["venue"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            capacity=data["capacity"],
            mediators=tuple(data["mediators"]),
        )

    @classmethod
    def initial_for(cls, workshop: Any) -> dict[str, Any]:
        from django.utils import timezone

        return {
            "title": workshop.title,
            "description": workshop.description,
            "topic": workshop.topic,
            "level": workshop.level,
            "audience": workshop.audience,
            "venue": workshop.venue,
            "starts_at": timezone.localtime(workshop.starts_at),
            "duration_minutes": workshop.duration_minutes,
            "capacity": workshop.capacity,
            "mediators": list(workshop.mediators.all()),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif, repris dans le message aux inscrits"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites en quelques mots pourquoi l'atelier est annulé.")},
    )
