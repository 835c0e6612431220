"""Forms of the contest and hackathon pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation, User
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.models import Challenge, Criterion, Event
from lakou.partnerships.models.events import SCORE_MAX, SCORE_MIN

PDF_MAX_BYTES = 10 * 1024 * 1024


class RegistrationForm(forms.Form):
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
        help_text=_("Tels qu'ils figureront sur votre badge de participation."),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Vous y recevrez un code pour vous connecter : pas de mot de passe à retenir."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr"),
        },
    )

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]


class TeamCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de l'équipe"),
        max_length=100,
        error_messages={"required": _("Indiquez le nom de l'équipe.")},
    )
    looking_for = forms.CharField(
        label=_("Profils recherchés (facultatif)"),
        max_length=300,
        required=False,
        help_text=_(
            "Par exemple : une graphiste, un développeur. Ils paraissent sur la page de l'événement."
        ),
    )
    challenge = forms.ModelChoiceField(
        label=_("Défi choisi (facultatif)"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("Aucun défi particulier"),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        challenge = self.fields["challenge"]
        assert isinstance(challenge, forms.ModelChoiceField)
        challenge.queryset = Challenge.objects.filter(event=event)


class TeamUpdateForm(TeamCreateForm):
    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        del self.fields["name"]


class TeamJoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code de l'équipe"),
        max_length=12,
        help_text=_("Les 8 lettres et chiffres que l'équipe vous a donnés."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Indiquez le code de l'équipe.")},
    )


class SubmissionForm(forms.Form):
    title = forms.CharField(
        label=_("Titre du projet"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Indiquez le titre du projet.")},
    )
    description = forms.CharField(
        label=_("Présentation du projet"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("Le problème, votre solution, à qui elle sert."),
        error_messages={"required": _("Présentez le projet en quelques lignes.")},
    )
    link = forms.URLField(
        label=_("Lien (facultatif)"),
        required=False,
        max_length=200,
        help_text=_(
            "Une démonstration, le code, une vidéo : une adresse qui commence par https://"
        ),
        error_messages={
            "invalid": _("Cette adresse n'est pas valide ; elle commence par https://")
        },
    )
    file = forms.FileField(
        label=_("Fichier PDF (facultatif)"),
        required=False,
        help_text=_("Une présentation au format PDF, 10 Mo au plus."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > PDF_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo."), code="too_large")
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Le fichier doit être un PDF."), code="not_pdf")
        return upload


class ScoreForm(forms.Form):
    """One field per criterion of the event, each an integer from 0 to 10."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_values: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (poids %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                initial=initial_values.get(criterion.pk),
                help_text=_("Une note entière de 0 à 10."),
                error_messages={
                    "required": _("Notez ce critère."),
                    "min_value": _("La note va de 0 à 10."),
                    "max_value": _("La note va de 0 à 10."),
                    "invalid": _("Écrivez un nombre entier, de 0 à 10."),
                },
            )

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("Critère"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Indiquez le nom du critère.")},
    )
    weight = forms.IntegerField(
        label=_("Poids"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("De 1 à 10."),
        error_messages={
            "min_value": _("Le poids va de 1 à 10."),
            "max_value": _("Le poids va de 1 à 10."),
        },
    )


class ChallengeForm(forms.Form):
    partner = forms.CharField(
        label=_("SIRET ou SIREN de l'organisation partenaire"),
        max_length=17,
        help_text=_("9 ou 14 chiffres ; l'organisation doit être inscrite sur Lakou."),
        error_messages={"required": _("Indiquez le SIRET ou le SIREN de l'organisation.")},
    )

    def clean_partner(self) -> Organisation:
        digits = "".join(c for c in self.cleaned_data["partner"] if c.isdigit())
        field = "siret" if len(digits) == 14 else "siren" if len(digits) == 9 else ""
        partner = (
            Organisation.objects.filter(**{field: digits}).order_by("pk").first() if field else None
        )
        if partner is None:
            raise forms.ValidationError(
                _("Aucune organisation inscrite sur Lakou n'a ce numéro."), code="unknown"
            )
        return partner

    title = forms.CharField(
        label=_("Intitulé du défi"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Indiquez l'intitulé du défi.")},
    )
    description = forms.CharField(
        label=_("Présentation du défi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_MAX_LENGTH,
        error_messages={"required": _("Présentez le défi.")},
    )
    prize = forms.CharField(
        label=_("Prix (facultatif)"), max_length=TITLE_MAX_LENGTH, required=False
    )


class JurorForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail du juré"),
        max_length=254,
        help_text=_("La personne doit déjà avoir un compte Lakou."),
        error_messages={"required": _("Indiquez l'adresse e-mail du juré.")},
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("Aucun compte Lakou n'a cette adresse : la personne doit d'abord en créer un."),
                code="unknown",
            )
        return user
