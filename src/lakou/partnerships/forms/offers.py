"""Forms of the offers: the company's offer form (with the ROME occupations proposed for its
title), the public search's filters."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.models import Offer, PlacementKind
from lakou.partnerships.services.offers import (
    MAX_DURATION_WEEKS,
    MAX_WEEKLY_HOURS,
    SEARCH_MAX_LENGTH,
    OfferData,
    OfferQuery,
)
from lakou.skills.classification import OccupationProposal, propose_occupations
from lakou.skills.models import Competence, Occupation
from lakou.territory.models import Commune, Epci

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROME_CODE = re.compile(r"[A-N]\d{4}")
# The radio button that sends the company to the full list of occupations.
NONE_OF_THESE = "other"


class CompetenceChoiceField(forms.ModelMultipleChoiceField[Competence]):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.framework.short_name} {obj.code} — {obj.name_fr}"


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type d'offre"), choices=PlacementKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Intitulé"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_(
            "Par exemple : Stage développeur web, Apprenti technicien réseaux, Développeur "
            "full stack (H/F). Le bouton « Proposer un métier » cherche les métiers les plus "
            "proches de l'intitulé."
        ),
    )
    # Checked by clean_occupation: the proposals follow the title, a stale one gets a message.
    occupation_choice = forms.CharField(
        label=_("Métier proposé pour cet intitulé"),
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Choisissez le métier qui correspond, ou « Aucun de ceux-ci »."),
    )
    description = forms.CharField(
        label=_("Missions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("Ce que la personne fera, avec qui, ce qu'elle apprendra."),
    )
    occupation = forms.CharField(
        label=_("Métier (ROME, facultatif)"),
        max_length=5,
        required=False,
        # The codes are checked by clean_occupation, so that a wrong one gets a French message.
        widget=forms.Select,
        help_text=_("La liste des métiers du numérique, par code ROME."),
    )
    competences = CompetenceChoiceField(
        label=_("Compétences mises en œuvre (facultatif)"),
        queryset=Competence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commune = forms.ModelChoiceField(
        label=_("Commune du lieu de travail"),
        queryset=Commune.objects.none(),
        empty_label=_("Choisissez la commune"),
    )
    starts_on = forms.DateField(label=_("Date de début"), widget=DATE_WIDGET)
    duration_weeks = forms.IntegerField(
        label=_("Durée en semaines"),
        min_value=1,
        max_value=MAX_DURATION_WEEKS,
        required=False,
        help_text=_("Laissez vide pour un CDI."),
    )
    weekly_hours = forms.DecimalField(
        label=_("Heures par semaine"),
        min_value=1,
        max_value=MAX_WEEKLY_HOURS,
        max_digits=4,
        decimal_places=1,
        initial=35,
    )
    monthly_pay = forms.DecimalField(
        label=_("Gratification ou salaire mensuel brut en euros (facultatif)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text=_("Laissez vide si la rémunération reste à définir."),
    )
    pay_notes = forms.CharField(
        label=_("Précisions sur la rémunération (facultatif)"), max_length=200, required=False
    )
    school = forms.ModelChoiceField(
        label=_("École ou organisme de formation partenaire (facultatif)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Aucun pour l'instant"),
        help_text=_("Pour un stage ou une alternance seulement."),
    )
    valid_through = forms.DateField(
        label=_("Candidatures jusqu'au (facultatif)"), widget=DATE_WIDGET, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = self._proposals()
        self.fields["occupation"].widget.choices = [
            ("", _("Pas de métier précis")),
            *(
                (code, f"{code} — {label}")
                for code, label in Occupation.objects.order_by("label").values_list(
                    "code_rome", "label"
                )
            ),
        ]
        if self.proposals:
            self.fields["occupation_choice"].widget.choices = [
                *(
                    (
                        p.occupation.code_rome,
                        f"{p.occupation.code_rome} — {p.occupation.label} : {p.reason}",
                    )
                    for p in self.proposals
                ),
                (NONE_OF_THESE, _("Aucun de ceux-ci : je choisis dans la liste ci-dessous")),
            ]
            if not self.is_bound and not self.initial.get("occupation_choice"):
                current = self.initial.get("occupation") or ""
                proposed = {p.occupation.code_rome for p in self.proposals}
                self.initial["occupation_choice"] = (
                    current if current in proposed else NONE_OF_THESE if current else ""
                )
        else:
            del self.fields["occupation_choice"]
        cast(
            "forms.ModelChoiceField[Commune]", self.fields["commune"]
        ).queryset = Commune.objects.defer("boundary").order_by("name")
        cast(
            "forms.ModelChoiceField[Organisation]", self.fields["school"]
        ).queryset = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER).order_by("name")
        cast(
            "CompetenceChoiceField", self.fields["competences"]
        ).queryset = Competence.objects.select_related("framework").order_by(
            "framework__code", "code"
        )

    @classmethod
    def initial_for(cls, offer: Offer) -> dict[str, Any]:
        return {
            "kind": offer.kind,
            "title": offer.title,
            "description": offer.description,
            "occupation": offer.occupation.code_rome if offer.occupation else "",
            "competences": list(offer.competences.values_list("pk", flat=True)),
            "commune": offer.commune_id,
            "starts_on": offer.starts_on,
            "duration_weeks": offer.duration_weeks,
            "weekly_hours": offer.weekly_hours,
            "monthly_pay": offer.monthly_pay,
            "pay_notes": offer.pay_notes,
            "school": offer.school_id,
            "valid_through": offer.valid_through,
        }

    def _proposals(self) -> list[OccupationProposal]:
        """The occupations closest to the title typed (sent, or the offer's on its first view)."""
        title = self.data.get("title", "") if self.is_bound else self.initial.get("title", "")
        return propose_occupations(str(title or "")[:TITLE_MAX_LENGTH])

    def clean_occupation(self) -> Occupation | None:
        choice = self.data.get("occupation_choice", "") if self.proposals else ""
        if choice and choice != NONE_OF_THESE:
            proposed = {p.occupation.code_rome: p.occupation for p in self.proposals}
            if choice not in proposed:
                raise forms.ValidationError(
                    _(
                        "Les métiers proposés ont changé avec l'intitulé : choisissez de "
                        "nouveau parmi eux, ou dans la liste."
                    )
                )
            return proposed[choice]
        code = self.cleaned_data["occupation"].strip().upper()
        if not code:
            return None
        if not ROME_CODE.fullmatch(code):
            raise forms.ValidationError(
                _("Un code ROME s'écrit avec une lettre et quatre chiffres, par exemple M1805.")
            )
        occupation = Occupation.objects.filter(code_rome=code).first()
        if occupation is None:
            raise forms.ValidationError(
                _("Le code ROME %(code)s n'est pas dans la liste des métiers du numérique.")
                % {"code": code}
            )
        return occupation

    @classmethod
    def initial_from(cls, data: Any) -> dict[str, Any]:
        """What was typed, as the initial values of a form shown again without its errors
        (after « Proposer un métier »)."""
        initial: dict[str, Any] = {name: data.get(name, "") for name in cls.base_fields}
        initial["competences"] = data.getlist("competences")
        return initial

    def offer_data(self) -> OfferData:
        data = self.cleaned_data
        return OfferData(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            commune=data["commune"],
            starts_on=data["starts_on"],
            duration_weeks=data["duration_weeks"],
            weekly_hours=data["weekly_hours"],
            occupation=data["occupation"],
            competences=tuple(data["competences"]),
            monthly_pay=data["monthly_pay"],
            pay_notes=data["pay_notes"],
            school=data["school"],
            valid_through=data["valid_through"],
        )


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("La recherche est limitée à %(limit_value)d caractères.")},
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            ("", _("Tous les types")),
            ("internships", _("Stage")),
            ("work_study", _("Alternance (apprentissage ou professionnalisation)")),
            ("jobs", _("Emploi (CDI, CDD, mission freelance)")),
            (_("Un type de contrat précis"), PlacementKind.choices),
        ],
        required=False,
    )
    epci = forms.ChoiceField(label=_("Communauté d'agglomération"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    occupation = forms.CharField(
        label=_("Code ROME"),
        required=False,
        max_length=5,
        help_text=_("Par exemple M1805."),
    )
    starts_from = forms.DateField(label=_("Début à partir du"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["epci"]).choices = [
            ("", _("Toute la Martinique")),
            *Epci.objects.order_by("short_name").values_list("siren", "short_name"),
        ]
        cast("forms.ChoiceField", self.fields["commune"]).choices = [
            ("", _("Toutes")),
            *Commune.objects.order_by("name").values_list("insee_code", "name"),
        ]

    def clean_occupation(self) -> str:
        code = self.cleaned_data["occupation"].strip().upper()
        if code and not ROME_CODE.fullmatch(code):
            raise forms.ValidationError(_("Un code ROME : une lettre et quatre chiffres (M1805)."))
        return code

    def query(self) -> OfferQuery:
        """The query of the valid filters; an invalid one is ignored (and said on the page)."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return OfferQuery(
            text=data.get("q", ""),
            kind=data.get("kind", ""),
            territory=data.get("commune") or data.get("epci") or "",
            occupation=data.get("occupation", ""),
            starts_from=data.get("starts_from"),
        )
