"""Forms of the company registry pages (federation staff)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lakou.core.imports import CSV_SUFFIXES, XLSX_SUFFIXES
from lakou.diagnostics.models.naf import SECTION_LABELS
from lakou.territory.models import Commune, Epci

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du répertoire (CSV ou XLSX)"),
        help_text=_("Colonnes SIRENE : voir la documentation du format. 50 Mo au plus."),
    )
    dry_run = forms.BooleanField(
        label=_("Simulation : vérifier le fichier sans rien enregistrer"),
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
            raise forms.ValidationError(_("Envoyez un fichier CSV ou XLSX."))
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 50 Mo."))
        return upload


class RegistryFilterForm(forms.Form):
    epci = forms.ModelChoiceField(
        label=_("EPCI"),
        queryset=Epci.objects.all(),
        to_field_name="siren",
        required=False,
        empty_label=_("Tous les EPCI"),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.defer("boundary"),
        to_field_name="insee_code",
        required=False,
        empty_label=_("Toutes les communes"),
    )
    section = forms.ChoiceField(
        label=_("Secteur (section NAF)"),
        choices=[("", _("Tous les secteurs"))]
        + [(code, f"{code} — {label}") for code, label in SECTION_LABELS.items()],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid value is ignored rather than refused."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "epci": data.get("epci"),
            "commune": data.get("commune"),
            "section": data.get("section", ""),
        }
