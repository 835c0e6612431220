"""`lakou import commune-ages FILE`: population by age group per commune (docs/formats)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.imports import Importer, ImportProblem, ImportRow, WriteCounts
from lakou.territory.models import AgeGroup, AgeGroupPopulation, Commune
from lakou.territory.services import CommuneAgeRow, commune_ages_import

# Spaces that spreadsheets put between thousands: space, no-break space, narrow no-break space.
THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f]")
FIRST_CENSUS_YEAR = 1954
LAST_PLAUSIBLE_YEAR = 2100
# No commune of Martinique comes near it; a bigger number is a typing or column error.
MAX_COMMUNE_POPULATION = 1_000_000


def _parse_whole_number(text: str) -> int | None:
    compact = THOUSANDS_SPACES.sub("", text)
    return int(compact) if compact.isdigit() else None


class CommuneAgesImporter(Importer[CommuneAgeRow]):
    kind = "commune-ages"
    label = "population par âge des communes"
    required_columns = ("insee_code", "year", "age_group", "population")
    optional_columns = ("source", "source_url")
    key_columns = ("insee_code", "year", "age_group")

    def prepare(self) -> None:
        self.communes = {commune.insee_code: commune for commune in Commune.objects.all()}
        self.age_groups = {value.replace(" ", ""): value for value in AgeGroup.values}

    def clean_row(self, row: ImportRow) -> CommuneAgeRow | list[ImportProblem]:
        problems: list[ImportProblem] = []

        insee_code = row["insee_code"]
        commune = self.communes.get(insee_code)
        if not insee_code:
            problems.append(row.problem("insee_code", _("valeur manquante.")))
        elif commune is None:
            problems.append(
                row.problem(
                    "insee_code",
                    _("code INSEE inconnu « %(code)s » : ce n'est pas une commune de Martinique.")
                    % {"code": insee_code},
                )
            )

        year = _parse_whole_number(row["year"])
        if not row["year"]:
            problems.append(row.problem("year", _("valeur manquante.")))
        elif year is None or not FIRST_CENSUS_YEAR <= year <= LAST_PLAUSIBLE_YEAR:
            problems.append(
                row.problem(
                    "year",
                    _("année invalide « %(value)s » : une année sur 4 chiffres est attendue.")
                    % {"value": row["year"]},
                )
            )

        typed_group = row["age_group"].lower().replace(" ", "").replace("\u2013", "-")
        age_group = self.age_groups.get(typed_group)
        if not row["age_group"]:
            problems.append(row.problem("age_group", _("valeur manquante.")))
        elif age_group is None:
            problems.append(
                row.problem(
                    "age_group",
                    _("tranche d'âge inconnue « %(value)s ». Valeurs possibles : %(allowed)s.")
                    % {"value": row["age_group"], "allowed": ", ".join(AgeGroup.values)},
                )
            )

        population = _parse_whole_number(row["population"])
        if not row["population"]:
            problems.append(row.problem("population", _("valeur manquante.")))
        elif population is None:
            problems.append(
                row.problem(
                    "population",
                    _("« %(value)s » n'est pas un nombre entier d'habitants (positif ou nul).")
                    % {"value": row["population"]},
                )
            )
        elif population > MAX_COMMUNE_POPULATION:
            problems.append(
                row.problem(
                    "population",
                    _("%(value)s habitants : nombre trop grand pour une commune.")
                    % {"value": row["population"]},
                )
            )

        source = row["source"]
        source_limit = AgeGroupPopulation._meta.get_field("source").max_length or 0
        if len(source) > source_limit:
            problems.append(
                row.problem(
                    "source",
                    _("texte trop long (%(length)d caractères, %(limit)d au plus).")
                    % {"length": len(source), "limit": source_limit},
                )
            )
        source_url = row["source_url"]
        if source_url:
            try:
                URLValidator(schemes=["http", "https"])(source_url)
            except ValidationError:
                problems.append(
                    row.problem(
                        "source_url",
                        _(
                            "adresse invalide « %(value)s » : elle doit commencer par http:// ou https://."
                        )
                        % {"value": source_url},
                    )
                )

        if problems or commune is None or year is None or age_group is None or population is None:
            return problems
        return CommuneAgeRow(
            commune=commune,
            year=year,
            age_group=age_group,
            population=population,
            source=source,
            source_url=source_url,
        )

    def key(self, obj: CommuneAgeRow) -> Hashable:
        return (obj.commune.insee_code, obj.year, obj.age_group)

    def write(
        self, objs: Sequence[CommuneAgeRow], *, actor: Actor | None, file_name: str
    ) -> WriteCounts:
        return commune_ages_import(actor=actor, rows=objs, file_name=file_name)
