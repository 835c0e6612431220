"""Forms of the questionnaire builder (federation staff)."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.diagnostics.models import Audience, Question, QuestionnaireVersion
from lakou.diagnostics.services.questionnaires import (
    CHOICE_KINDS,
    LABELLED_KINDS,
    ChoiceSpec,
    QuestionSpec,
    competence_key,
    find_competence,
)

XLSFORM_MAX_BYTES = 2 * 1024 * 1024
CODE_RE = re.compile(r"^[a-z_][a-z0-9_-]*$")
VALUE_RE = re.compile(r"^[A-Za-z0-9_-]+$")


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX_LENGTH)
    audience = forms.ChoiceField(label=_("Public visé"), choices=Audience.choices)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Quelques phrases lues avant de commencer."),
    )


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la section"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DimensionForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Lettres, chiffres, - et _, sans espace.")
    )
    label = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX_LENGTH)


class QuestionForm(forms.Form):
    code = forms.CharField(
        label=_("Nom de la variable"),
        max_length=80,
        help_text=_("Unique dans la version, en minuscules, sans espace (ex. : age_band)."),
    )
    kind = forms.ChoiceField(label=_("Type de question"), choices=Question.Kind.choices)
    label = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Aide"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False, initial=True)
    min_value = forms.IntegerField(label=_("Minimum"), required=False)
    max_value = forms.IntegerField(label=_("Maximum"), required=False)
    choices = forms.CharField(
        label=_("Réponses proposées"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Une réponse par ligne : valeur | libellé | dimension | points. "
            "Exemple : oui | Oui | strategy | 2. Dimension et points sont facultatifs. "
            "Pour une échelle, les mots de chaque point : 1 | Pas du tout."
        ),
    )
    scale_dimension = forms.ChoiceField(
        label=_("Dimension alimentée par l'échelle"), required=False
    )
    competence = forms.CharField(
        label=_("Compétence évaluée"),
        required=False,
        max_length=30,
        help_text=_("Pour un niveau de compétence : référentiel:code, par exemple digcomp:2.3."),
    )
    shown_if_question = forms.ChoiceField(
        label=_("Afficher seulement si la question"), required=False
    )
    shown_if_value = forms.CharField(label=_("a la valeur"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        version: QuestionnaireVersion,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(question)
        super().__init__(*args, **kwargs)
        dimensions = list(version.dimensions.order_by("position").values_list("code", "label"))
        self.dimension_codes = {code for code, _label in dimensions}
        scale_field = self.fields["scale_dimension"]
        assert isinstance(scale_field, forms.ChoiceField)
        scale_field.choices = [("", _("Aucune")), *dimensions]
        others = Question.objects.filter(section__version=version).order_by(
            "section__position", "position"
        )
        if question is not None:
            others = others.exclude(pk=question.pk)
        condition_field = self.fields["shown_if_question"]
        assert isinstance(condition_field, forms.ChoiceField)
        condition_field.choices = [
            ("", _("Toujours afficher")),
            *((q.code, f"{q.code} — {q.label}"[:120]) for q in others),
        ]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not CODE_RE.match(code):
            raise ValidationError(
                _("Lettres minuscules, chiffres, - et _ seulement, sans espace ni accent.")
            )
        return code

    def clean_competence(self) -> str:
        key: str = self.cleaned_data["competence"].strip()
        if key and find_competence(key) is None:
            raise ValidationError(_("Compétence inconnue : écrivez par exemple digcomp:2.3."))
        return key

    def clean_choices(self) -> tuple[ChoiceSpec, ...]:
        parsed: list[ChoiceSpec] = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            value, label = parts[0], parts[1] if len(parts) > 1 and parts[1] else parts[0]
            dimension = parts[2] if len(parts) > 2 else ""
            points_text = parts[3] if len(parts) > 3 else ""
            if not VALUE_RE.match(value):
                raise ValidationError(
                    _(
                        "Ligne %(n)s : la valeur « %(v)s » doit être faite de lettres, chiffres, - et _."
                    )
                    % {"n": number, "v": value}
                )
            if dimension and dimension not in self.dimension_codes:
                raise ValidationError(
                    _("Ligne %(n)s : dimension « %(d)s » inconnue dans cette version.")
                    % {"n": number, "d": dimension}
                )
            try:
                points = Decimal(points_text.replace(",", ".")) if points_text else Decimal(0)
            except InvalidOperation:
                raise ValidationError(
                    _("Ligne %(n)s : « %(p)s » n'est pas un nombre de points.")
                    % {"n": number, "p": points_text}
                ) from None
            if any(choice.value == value for choice in parsed):
                raise ValidationError(
                    _("Ligne %(n)s : la valeur « %(v)s » est en double.")
                    % {"n": number, "v": value}
                )
            parsed.append(ChoiceSpec(value, label[:300], dimension, points))
        return tuple(parsed)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind in CHOICE_KINDS and not cleaned.get("choices") and "choices" not in self.errors:
            self.add_error("choices", _("Proposez au moins une réponse."))
        if kind == Question.Kind.SCALE and (
            cleaned.get("min_value") is None or cleaned.get("max_value") is None
        ):
            self.add_error("max_value", _("Une échelle a besoin d'un minimum et d'un maximum."))
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low >= high:
            self.add_error("max_value", _("Le maximum doit dépasser le minimum."))
        elif kind == Question.Kind.SCALE and cleaned.get("choices"):
            self._check_scale_labels(cleaned["choices"], low, high)
        if cleaned.get("shown_if_question") and not cleaned.get("shown_if_value"):
            self.add_error("shown_if_value", _("Indiquez la valeur qui affiche la question."))
        return cleaned

    def _check_scale_labels(
        self, labels: tuple[ChoiceSpec, ...], low: int | None, high: int | None
    ) -> None:
        """A scale's words name its points: whole numbers from the minimum to the maximum."""
        for label in labels:
            inside = (
                label.value.lstrip("-").isdigit()
                and low is not None
                and high is not None
                and low <= int(label.value) <= high
            )
            if not inside or label.dimension or label.points:
                self.add_error(
                    "choices",
                    _(
                        "Pour une échelle, écrivez un point par ligne, un nombre du minimum au "
                        "maximum et ses mots : 1 | Pas du tout."
                    ),
                )
                return

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        kind = data["kind"]
        return QuestionSpec(
            code=data["code"],
            kind=kind,
            label=data["label"],
            help_text=data["help_text"],
            required=data["required"],
            choices=data["choices"] if kind in LABELLED_KINDS else (),
            min_value=data["min_value"],
            max_value=data["max_value"],
            scale_dimension=data["scale_dimension"] or "",
            competence=data["competence"],
            shown_if_question=data["shown_if_question"] or "",
            shown_if_value=data["shown_if_value"] if data["shown_if_question"] else "",
        )


def initial_for(question: Question) -> dict[str, Any]:
    lines = [
        " | ".join(
            [
                choice.value,
                choice.label,
                choice.dimension.code if choice.dimension else "",
                f"{choice.points.normalize():f}" if choice.points else "",
            ]
        ).rstrip(" |")
        for choice in question.choices.select_related("dimension").order_by("position")
    ]
    return {
        "code": question.code,
        "kind": question.kind,
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "choices": "\n".join(lines),
        "scale_dimension": question.scale_dimension.code if question.scale_dimension else "",
        "competence": competence_key(question.competence),
        "shown_if_question": question.shown_if_question.code if question.shown_if_question else "",
        "shown_if_value": question.shown_if_value,
    }


class XlsFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Classeur XLSForm (.xlsx)"),
        help_text=_(
            "Feuilles survey, choices et settings, comme dans KoboToolbox ou ODK. 2 Mo au plus."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Envoyez un fichier .xlsx."))
        if upload.size > XLSFORM_MAX_BYTES:
            raise ValidationError(_("Le fichier dépasse 2 Mo."))
        # An .xlsx file is a zip archive: a PDF or a text file renamed .xlsx is refused here.
        is_workbook = zipfile.is_zipfile(upload)
        upload.seek(0)
        if not is_workbook:
            raise ValidationError(_("Ce fichier n'est pas un classeur Excel (.xlsx)."))
        return upload
