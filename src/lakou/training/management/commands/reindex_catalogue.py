"""`lakou reindex-catalogue`: rebuild the search index of every programme."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from lakou.training.models import Programme
from lakou.training.services.catalogue import programmes_reindex


class Command(BaseCommand):
    help = (
        "Reconstruit l'index de recherche du catalogue (après un rechargement des référentiels "
        "ou un changement de nom d'organisme) ; voir docs/formations.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = programmes_reindex(Programme.objects.all())
        self.stdout.write(
            ngettext("%(count)d formation indexée.", "%(count)d formations indexées.", count)
            % {"count": count}
        )
