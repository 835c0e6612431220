"""Forms of the catalogue, of the provider's programme and session pages and of the label queue."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation
from lakou.core.validators import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    validate_activity_number,
)
from lakou.skills.models import Competence, Occupation, ProficiencyLevel
from lakou.territory.models import Commune
from lakou.training.models import (
    Audience,
    CertificationKind,
    Domain,
    EntryLevel,
    Format,
    Funding,
    Programme,
    Session,
)
from lakou.training.services.catalogue import (
    CATALOGUE_SEARCH_MAX_LENGTH,
    CatalogueQuery,
    ProgrammeData,
    SessionData,
    catalogue_territories,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_ROME_CODE = re.compile(r"[A-Z]\d{4}")


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=CATALOGUE_SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "La recherche est limitée à %(limit_value)d caractères (elle en compte "
                "%(show_value)d) : gardez les mots les plus importants."
            )
        },
    )
    domain = forms.ChoiceField(
        label=_("Domaine"), choices=[("", _("Tous")), *Domain.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("Public"), choices=[("", _("Tous")), *Audience.choices], required=False
    )
    format = forms.ChoiceField(
        label=_("Modalité"), choices=[("", _("Toutes")), *Format.choices], required=False
    )
    # Codes rather than model choices: the lists come from a cache (catalogue_territories), so
    # neither drawing them nor checking the chosen one costs a query.
    epci = forms.ChoiceField(label=_("EPCI"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    starts_after = forms.DateField(label=_("Début après le"), required=False, widget=DATE_WIDGET)
    starts_before = forms.DateField(label=_("Début avant le"), required=False, widget=DATE_WIDGET)
    funding = forms.ChoiceField(
        label=_("Financement"), choices=[("", _("Tous")), *Funding.choices], required=False
    )
    certifying = forms.BooleanField(label=_("Certifiante"), required=False)
    labelled = forms.BooleanField(label=_("Labellisée par la fédération"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territories = catalogue_territories()
        epci = cast("forms.ChoiceField", self.fields["epci"])
        epci.choices = [("", _("Toute la Martinique")), *territories.epcis]
        commune = cast("forms.ChoiceField", self.fields["commune"])
        commune.choices = [("", _("Toutes")), *territories.communes]

    def select_filters(self) -> list[dict[str, Any]]:
        """The drop-down filters as plain data: the page renders them without widget templates,
        which cost most of the catalogue's time."""
        data = self.data if self.is_bound else {}
        selects = []
        for name in ("domain", "audience", "format", "epci", "commune", "funding"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            current = str(data.get(name, ""))
            # Plain string building: format_html on each of the 70 options took milliseconds.
            options = "".join(
                f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>'
                f"{escape(label)}</option>"
                for value, label in cast("Iterable[tuple[Any, Any]]", field.choices)
            )
            safe_options = mark_safe(options)  # noqa: S308 - every value and label escaped above
            selects.append(
                {"name": name, "id": f"id_{name}", "label": field.label, "options": safe_options}
            )
        return selects

    def query(self) -> CatalogueQuery:
        """The query of valid filters; an invalid one is ignored rather than refused."""
        self.is_valid()  # fills cleaned_data with the valid fields only
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return CatalogueQuery(
            text=data.get("q", ""),
            domain=data.get("domain", ""),
            audience=data.get("audience", ""),
            format=data.get("format", ""),
            territory=data.get("commune") or data.get("epci") or "",
            starts_after=data.get("starts_after"),
            starts_before=data.get("starts_before"),
            funding=data.get("funding", ""),
            certifying=bool(data.get("certifying")),
            labelled=bool(data.get("labelled")),
        )


class CompetenceChoiceField(forms.ModelChoiceField[Competence]):
    def label_from_instance(self, obj: Competence) -> str:
        return f"{obj.framework.short_name} {obj.code} — {obj.name_fr}"


class LevelChoiceField(forms.ModelChoiceField[ProficiencyLevel]):
    def label_from_instance(self, obj: ProficiencyLevel) -> str:
        return f"{obj.framework.short_name} {obj.code} — {obj.name_fr}"


class CompetenceLevelForm(forms.Form):
    competence = CompetenceChoiceField(
        label=_("Compétence"),
        queryset=Competence.objects.select_related("framework").order_by(
            "framework__position", "position"
        ),
        required=False,
    )
    level = LevelChoiceField(
        label=_("Niveau visé"),
        queryset=ProficiencyLevel.objects.select_related("framework").order_by(
            "framework__position", "rank"
        ),
        required=False,
    )


CompetenceFormSet = forms.formset_factory(CompetenceLevelForm, extra=3, max_num=30)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_LENGTH)
    objective = forms.CharField(
        label=_("Objectif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    content = forms.CharField(
        label=_("Contenu"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    expected_results = forms.CharField(
        label=_("Résultats attendus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    domain = forms.ChoiceField(label=_("Domaine"), choices=Domain.choices)
    audiences = forms.MultipleChoiceField(
        label=_("Publics visés"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    format = forms.ChoiceField(label=_("Modalité"), choices=Format.choices)
    duration_hours = forms.IntegerField(label=_("Durée en heures"), min_value=1, max_value=5000)
    entry_level = forms.ChoiceField(label=_("Niveau d'entrée"), choices=EntryLevel.choices)
    prerequisites = forms.CharField(
        label=_("Prérequis"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    certification_kind = forms.ChoiceField(
        label=_("Certification"), choices=CertificationKind.choices
    )
    certification_code = forms.CharField(label=_("Code RNCP ou RS"), max_length=20, required=False)
    certifier = forms.CharField(
        label=_("Certificateur"), max_length=TITLE_MAX_LENGTH, required=False
    )
    price = forms.DecimalField(
        label=_("Prix en euros"), min_value=0, max_digits=9, decimal_places=2, initial=0
    )
    fundings = forms.MultipleChoiceField(
        label=_("Financements possibles"),
        choices=Funding.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    occupations = forms.CharField(
        label=_("Métiers visés (codes ROME)"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Codes séparés par des espaces, par exemple : M1805 M1810."),
    )
    accessibility = forms.CharField(
        label=_("Accessibilité"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    is_published = forms.BooleanField(label=_("Publier dans le catalogue public"), required=False)
    # Stored on the organisation: the open-data catalogue (LHEO) names the provider by them.
    activity_number = forms.CharField(
        label=_("Numéro de déclaration d'activité de votre organisme"),
        max_length=11,
        required=False,
        validators=[validate_activity_number],
        help_text=_("11 chiffres, demandés pour publier. Il figure sur le récépissé de la DREETS."),
    )
    street_address = forms.CharField(
        label=_("Adresse de votre organisme (numéro et rue)"),
        max_length=200,
        required=False,
        help_text=_("Demandée pour publier ; la commune est celle de votre organisation."),
    )

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        fields = [name for name in cls.base_fields if hasattr(programme, name)]
        initial = {name: getattr(programme, name) for name in fields}
        initial.update(cls.initial_for_provider(programme.provider))
        initial["audiences"] = programme.audience_codes()
        initial["fundings"] = programme.funding_codes()
        initial["occupations"] = " ".join(o.code_rome for o in programme.occupations.all())
        return initial

    @staticmethod
    def initial_for_provider(provider: Organisation) -> dict[str, Any]:
        return {
            "activity_number": provider.activity_number,
            "street_address": provider.street_address,
        }

    def clean_occupations(self) -> list[Occupation]:
        codes = list(
            dict.fromkeys(self.cleaned_data["occupations"].upper().replace(",", " ").split())
        )
        wrong = [code for code in codes if not _ROME_CODE.fullmatch(code)]
        if wrong:
            raise forms.ValidationError(
                _("Codes ROME mal écrits : %(codes)s") % {"codes": ", ".join(wrong)}
            )
        found = list(Occupation.objects.filter(code_rome__in=codes))
        unknown = sorted(set(codes) - {o.code_rome for o in found})
        if unknown:
            raise forms.ValidationError(
                _("Codes ROME inconnus : %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return found

    def data_for(self, competences: forms.BaseFormSet[CompetenceLevelForm]) -> ProgrammeData:
        data = self.cleaned_data
        return ProgrammeData(
            title=data["title"],
            objective=data["objective"],
            content=data["content"],
            expected_results=data["expected_results"],
            domain=data["domain"],
            format=data["format"],
            duration_hours=data["duration_hours"],
            entry_level=data["entry_level"],
            prerequisites=data["prerequisites"],
            certification_kind=data["certification_kind"],
            certification_code=data["certification_code"].strip(),
            certifier=data["certifier"].strip(),
            price=data["price"],
            accessibility=data["accessibility"],
            is_published=data["is_published"],
            activity_number=data["activity_number"],
            street_address=data["street_address"].strip(),
            audiences=tuple(data["audiences"]),
            fundings=tuple(data["fundings"]),
            competences=tuple(
                (form.cleaned_data["competence"], form.cleaned_data.get("level"))
                for form in competences.forms
                if form.cleaned_data.get("competence")
            ),
            occupations=tuple(data["occupations"]),
        )


class SessionForm(forms.Form):
    starts_on = forms.DateField(label=_("Début"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE_WIDGET)
    schedule = forms.CharField(
        label=_("Horaires"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : lundi et jeudi, 9 h – 12 h."),
    )
    is_remote = forms.BooleanField(label=_("À distance"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.order_by("name").only("pk", "insee_code", "name"),
        required=False,
    )
    venue = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=1000)
    enrolment_deadline = forms.DateField(
        label=_("Date limite d'inscription"), required=False, widget=DATE_WIDGET
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[c for c in Session.Status.choices if c[0] != Session.Status.CANCELLED],
        initial=Session.Status.OPEN,
    )

    @classmethod
    def initial_for(cls, session: Session) -> dict[str, Any]:
        return {name: getattr(session, name) for name in cls.base_fields}

    def session_data(self) -> SessionData:
        return SessionData(**self.cleaned_data)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=SHORT_TEXT_MAX_LENGTH
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
    )
