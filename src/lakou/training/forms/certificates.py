"""Forms of the certificate pages: issue (optional expiry), revoke (reason), check a file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lakou.core.validators import SHORT_TEXT_MAX_LENGTH
from lakou.training.forms.catalogue import DATE_WIDGET

# A credential is a few kilobytes; anything much bigger is not one.
MAX_CREDENTIAL_BYTES = 64 * 1024


class CertificateIssueForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Valable jusqu'au (facultatif)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Laissez vide si la certification n'expire pas."),
    )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la révocation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=SHORT_TEXT_MAX_LENGTH,
        help_text=_(
            "La personne certifiée lira ce motif ; il s'affiche aussi sur la page de vérification."
        ),
        error_messages={"required": _("Indiquez le motif de la révocation.")},
    )


class CertificateCheckForm(forms.Form):
    token = forms.CharField(
        label=_("Contenu du certificat"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        max_length=MAX_CREDENTIAL_BYTES,
        error_messages={
            "max_length": _("Ce texte est trop long pour être un certificat (64 Ko au plus).")
        },
        required=False,
        help_text=_("Collez ici le texte du fichier .jwt (trois blocs séparés par des points)."),
    )
    file = forms.FileField(
        label=_("Ou choisissez le fichier du certificat (.jwt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jwt,.txt,application/jwt,text/plain"}),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size is not None and upload.size > MAX_CREDENTIAL_BYTES:
            raise forms.ValidationError(
                _("Ce fichier est trop gros pour être un certificat (64 Ko au plus).")
            )
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("Ce fichier n'est pas un certificat : ce n'est pas du texte.")
            ) from error

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        token = str(cleaned.get("token") or "").strip()
        from_file = str(cleaned.get("file") or "").strip()
        if token and from_file:
            raise forms.ValidationError(
                _("Collez le certificat ou choisissez un fichier, pas les deux.")
            )
        if not token and not from_file:
            raise forms.ValidationError(
                _("Collez le contenu du certificat ou choisissez son fichier.")
            )
        cleaned["credential"] = token or from_file
        cleaned["source"] = "token" if token else "file"
        return cleaned
