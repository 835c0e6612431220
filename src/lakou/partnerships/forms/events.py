"""Forms of the contest and hackathon pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lakou.accounts.models import Organisation, User
from lakou.core.validators import LONG_TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lakou.partnerships.forms.actions import DATETIME_FORMATS, DATETIME_WIDGET
from lakou.partnerships.models import Action, Challenge, Criterion, Event
from lakou.partnerships.models.events import SCORE_MAX, SCORE_MIN

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PDF_MAX_BYTES = 10 * 1024 * 1024
MAX_CAPACITY = 10_000
MAX_TEAM_SIZE = 50


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


def _when(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        error_messages={
            "required": _("Indiquez la date et l'heure."),
            "invalid": _("Écrivez une date et une heure, par exemple 15/03/2027 18:00."),
        },
    )


def _count(
    label: StrOrPromise, *, initial: int, maximum: int, help_text: StrOrPromise = ""
) -> forms.IntegerField:
    shown = f"{maximum:,}".replace(",", "\u202f")  # 10 000, as French writes it
    bounds = format_lazy(_("Un nombre entier de 1 à {maximum}."), maximum=shown)
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        initial=initial,
        help_text=help_text or bounds,
        error_messages={
            "required": _("Indiquez un nombre."),
            "min_value": bounds,
            "max_value": bounds,
            "invalid": bounds,
        },
    )


class EventForm(forms.Form):
    """The phases and limits of a contest or hackathon, opened on an action of that kind."""

    registration_opens_at = _when(_("Ouverture des inscriptions"))
    registration_closes_at = _when(
        _("Clôture des inscriptions"),
        _("Les équipes se forment jusqu'à cette date ; elle peut être le début de l'action."),
    )
    submission_deadline = _when(_("Date limite de dépôt des projets"))
    judging_ends_at = _when(
        _("Fin de la délibération du jury"),
        _("Heure de la Martinique. Les résultats se publient ensuite, depuis la page de gestion."),
    )
    capacity = _count(_("Nombre maximal de participants"), initial=60, maximum=MAX_CAPACITY)
    team_min = _count(_("Taille minimale d'une équipe"), initial=1, maximum=MAX_TEAM_SIZE)
    team_max = _count(_("Taille maximale d'une équipe"), initial=5, maximum=MAX_TEAM_SIZE)
    prize_places = _count(
        _("Nombre d'équipes lauréates"),
        initial=3,
        maximum=MAX_TEAM_SIZE,
        help_text=_("Les équipes classées à ces places reçoivent le badge de lauréat."),
    )
    rules = forms.CharField(
        label=_("Règlement (facultatif)"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il paraît sur la page publique de l'événement."),
    )

    PHASES = (
        "registration_opens_at",
        "registration_closes_at",
        "submission_deadline",
        "judging_ends_at",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for earlier, later in zip(self.PHASES, self.PHASES[1:], strict=False):
            if data.get(earlier) and data.get(later) and data[later] < data[earlier]:
                self.add_error(
                    later,
                    _("Cette date doit venir après « %(earlier)s ».")
                    % {"earlier": self.fields[earlier].label},
                )
        team_min, team_max = data.get("team_min"), data.get("team_max")
        if team_min and team_max and team_max < team_min:
            self.add_error(
                "team_max",
                _("La taille maximale d'une équipe doit être au moins égale à sa taille minimale."),
            )
        return data

    @classmethod
    def initial_for(cls, action: Action, now: datetime) -> dict[str, Any]:
        """Registration opens today and closes when the action starts; projects are due when it
        ends and the jury has a week: what most hackathons do, for the organiser to adjust."""
        opens = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
        closes = max(timezone.localtime(action.starts_at), opens)
        deadline = max(timezone.localtime(action.ends_at), closes)
        return {
            "registration_opens_at": opens,
            "registration_closes_at": closes,
            "submission_deadline": deadline,
            "judging_ends_at": deadline + timedelta(days=7),
        }
