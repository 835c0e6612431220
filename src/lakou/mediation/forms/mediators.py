"""Forms of the mediators' pages: the public application and the federation's list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.forms import territory_choices
from lakou.core.validators import SHORT_TEXT_MAX_LENGTH, normalise_phone, validate_siret
from lakou.mediation.models import MAX_WEEKLY_HOURS, Compensation, MediatorKind, MediatorStatus
from lakou.mediation.services.mediators import (
    EMPLOYER_KINDS,
    MediatorApplication,
    funder_choices,
    topic_areas,
)
from lakou.skills.models import Area
from lakou.territory.models import Commune

FRENCH, CREOLE = "fr", "creole"


class AreaChoiceField(forms.ModelMultipleChoiceField[Area]):
    """An area by its French name, without its number (« Communication et collaboration »)."""

    def label_from_instance(self, obj: Area) -> str:
        return obj.name_fr


class ApplicationForm(forms.Form):
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
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "La fédération vous répond à cette adresse. Pas de mot de passe à créer : vous vous "
            "connecterez plus tard avec un code reçu par e-mail."
        ),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr"),
        },
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Pour que la fédération puisse vous appeler, par exemple 0696 12 34 56."),
        error_messages={"required": _("Indiquez un numéro où vous joindre.")},
    )
    kind = forms.ChoiceField(
        label=_("Votre profil"),
        choices=MediatorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre profil.")},
    )
    employer = forms.CharField(
        label=_("SIRET de votre employeur (facultatif)"),
        max_length=20,
        required=False,
        help_text=_(
            "Pour un(e) salarié(e) mis(e) à disposition par une entreprise ou d'une association : "
            "les 14 chiffres de son SIRET. L'organisation doit être inscrite sur Lakou."
        ),
    )
    compensation = forms.ChoiceField(
        label=_("Rémunération"),
        choices=Compensation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites si vous intervenez à l'acte ou bénévolement.")},
    )
    home_commune = forms.ModelChoiceField(
        label=_("Votre commune de résidence"),
        queryset=Commune.objects.none(),
        empty_label=_("— choisir —"),
        error_messages={"required": _("Choisissez votre commune de résidence.")},
    )
    communes_served = forms.ModelMultipleChoiceField(
        label=_("Communes où vous pouvez intervenir"),
        queryset=Commune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une commune où intervenir.")},
    )
    topics = AreaChoiceField(
        label=_("Domaines dans lesquels vous pouvez aider"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les cinq domaines du référentiel européen des compétences numériques."),
        error_messages={"required": _("Choisissez au moins un domaine d'aide.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues dans lesquelles vous accompagnez"),
        choices=[(FRENCH, _("Français")), (CREOLE, _("Créole"))],
        widget=forms.CheckboxSelectMultiple,
        initial=[FRENCH],
        error_messages={"required": _("Cochez au moins une langue.")},
    )
    weekly_hours = forms.IntegerField(
        label=_("Disponibilité (heures par semaine)"),
        min_value=1,
        max_value=MAX_WEEKLY_HOURS,
        initial=4,
    )
    motivation = forms.CharField(
        label=_("Votre motivation"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Dites en quelques mots pourquoi vous voulez devenir médiateur."),
            "max_length": _("Votre motivation tient en %(limit_value)s caractères au plus."),
        },
    )

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
        communes = Commune.objects.order_by("name")
        for name in ("home_commune", "communes_served"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = communes
        topics = self.fields["topics"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        topics.queryset = topic_areas()
        # Texts with a figure are made here, in the request's language, not at import.
        hours = self.fields["weekly_hours"]
        hours.help_text = _("De 1 à %(max)s heures.") % {"max": MAX_WEEKLY_HOURS}
        message = _("Indiquez un nombre d'heures par semaine entre 1 et %(max)s.") % {
            "max": MAX_WEEKLY_HOURS
        }
        hours.error_messages.update(
            dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)
        )
        self.fields["motivation"].help_text = _(
            "Pourquoi vous voulez accompagner les habitants, ce que vous savez déjà faire "
            "(%(max)s caractères au plus)."
        ) % {"max": SHORT_TEXT_MAX_LENGTH}

    def clean_phone(self) -> str:
        """The number in E.164 (`+596696123456`); letters or a wrong length are refused."""
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_phone") from error

    def clean_employer(self) -> Organisation | None:
        digits = "".join(c for c in self.cleaned_data["employer"] if not c.isspace())
        if not digits:
            return None
        validate_siret(digits)
        employer = Organisation.objects.filter(siret=digits).order_by("pk").first()
        if employer is None:
            raise ValidationError(
                _(
                    "Aucune organisation inscrite sur Lakou n'a ce SIRET. Vérifiez les 14 "
                    "chiffres, ou laissez le champ vide : la fédération complétera."
                ),
                code="unknown",
            )
        return employer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if data.get("employer") is not None and kind and kind not in EMPLOYER_KINDS:
            self.add_error(
                "employer",
                _(
                    "Seul(e) un(e) salarié(e) d'une entreprise ou d'une association indique un "
                    "employeur : laissez ce champ vide."
                ),
            )
        return data

    def application(self) -> MediatorApplication:
        data = self.cleaned_data
        return MediatorApplication(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data.get("email", ""),
            phone=data["phone"],
            kind=data["kind"],
            employer=data["employer"],
            home_commune=data["home_commune"],
            communes_served=tuple(data["communes_served"]),
            topics=tuple(data["topics"]),
            speaks_french=FRENCH in data["languages"],
            speaks_creole=CREOLE in data["languages"],
            weekly_hours=data["weekly_hours"],
            compensation=data["compensation"],
            motivation=data["motivation"],
        )


class MediatorFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False)
    kind = forms.ChoiceField(
        label=_("Profil"), required=False, choices=[("", _("Tous")), *MediatorKind.choices]
    )
    territory = forms.ChoiceField(
        label=_("Intervient dans"), required=False, help_text=_("Une commune ou un EPCI.")
    )

    def __init__(self, *args: Any, statuses: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Tous")), *((s, MediatorStatus(s).label) for s in statuses)]
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ChoiceField)
        territory.choices = territory_choices()


class FunderForm(forms.Form):
    """The federation chooses who funds a mediator's acts and validates their statements."""

    funder = forms.ModelChoiceField(
        label=_("Financeur"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("La fédération"),
        help_text=_(
            "Il valide les relevés mensuels et vérifie les actes de ce médiateur. Les relevés "
            "déjà établis gardent leur financeur."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funder_choices()  # type: ignore[attr-defined]
