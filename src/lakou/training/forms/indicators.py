"""The period and territory filter of the training outcomes page; GET, works without JavaScript."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lakou.core.forms import PeriodTerritoryForm


class OutcomesFilterForm(PeriodTerritoryForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].help_text = _(
            "Le lieu de la formation (pour une formation à distance : celui de l'organisme)."
        )
