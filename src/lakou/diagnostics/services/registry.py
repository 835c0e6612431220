"""`lakou import companies FILE`: the company registry, SIRENE-style columns (docs/formats)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from datetime import date

from django.utils.translation import gettext as _

from lakou.accounts.models import Organisation, OrganisationQuerySet
from lakou.accounts.registry import RegistryRow, company_registry_upsert
from lakou.core.actor import Actor
from lakou.core.identifiers import naf_valid, normalise_identifier, normalise_naf, siret_valid
from lakou.core.imports import Importer, ImportProblem, ImportRow, WriteCounts
from lakou.diagnostics.models.naf import SECTION_LABELS, in_section_q, section_of
from lakou.territory.models import Commune

SIRET = "siret"
COMMUNE = "codecommuneetablissement"
STATE = "etatadministratifetablissement"
HEADCOUNT = "trancheeffectifsetablissement"
CREATED_ON = "datecreationetablissement"
# Alternatives, in order of preference: the first non-empty value of a line is used.
NAME_COLUMNS = ("denomination", "denominationunitelegale", "enseigne", "enseigne1etablissement")
NAF_COLUMNS = ("activiteprincipaleetablissement", "naf")
CLOSED_ON_COLUMNS = ("datefermeture", "datefermetureetablissement")

ACTIVE, CLOSED = "A", "F"
TPE_BANDS = frozenset({"00", "01", "02", "03"})
# INSEE bands: 31 = 200–249 employees (PME), 32 = 250–499 (large, 250 and more).
PME_BANDS = frozenset({"11", "12", "21", "22", "31"})
LARGE_BANDS = frozenset({"32", "41", "42", "51", "52", "53"})
UNKNOWN_BAND = "NN"
HEADCOUNT_BANDS = frozenset({UNKNOWN_BAND}) | TPE_BANDS | PME_BANDS | LARGE_BANDS

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRENCH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def in_naf_section(companies: OrganisationQuerySet, section: str) -> OrganisationQuerySet:
    if section not in SECTION_LABELS:
        return companies
    return companies.filter(in_section_q(section))


def size_band_for(headcount_band: str) -> str:
    if headcount_band in TPE_BANDS:
        return Organisation.SizeBand.TPE
    if headcount_band in PME_BANDS:
        return Organisation.SizeBand.PME
    if headcount_band in LARGE_BANDS:
        return Organisation.SizeBand.LARGE
    return ""


def parse_date(text: str) -> date | None:
    """`2021-03-15` (also with a spreadsheet's `T00:00:00`) or `15/03/2021`; None if invalid."""
    iso = text.removesuffix("T00:00:00").removesuffix(" 00:00:00")
    if ISO_DATE.match(iso):
        try:
            return date.fromisoformat(iso)
        except ValueError:
            return None
    match = FRENCH_DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


class CompanyRegistryImporter(Importer[RegistryRow]):
    kind = "companies"
    label = "répertoire des entreprises"
    required_columns = (SIRET, COMMUNE, STATE)
    optional_columns = (HEADCOUNT, CREATED_ON, *CLOSED_ON_COLUMNS)
    key_columns = (SIRET,)

    def prepare(self) -> None:
        self.communes = dict(Commune.objects.values_list("insee_code", "pk"))
        self.missing_columns: set[str] | None = None

    def _first(self, row: ImportRow, columns: Sequence[str]) -> str:
        return next((row[column] for column in columns if row[column]), "")

    def _missing_columns(self, row: ImportRow) -> list[ImportProblem]:
        """Name and NAF have several accepted headers, so the framework cannot check them;
        a missing one is said once, on line 1, and not again on every line."""
        if self.missing_columns is None:
            self.missing_columns = {
                columns[0]
                for columns in (NAME_COLUMNS, NAF_COLUMNS)
                if not any(column in row.values for column in columns)
            }
            return [
                ImportProblem(
                    line=1,
                    column=columns[0],
                    reason=_("colonne obligatoire absente (l'une de : %(names)s).")
                    % {"names": ", ".join(columns)},
                )
                for columns in (NAME_COLUMNS, NAF_COLUMNS)
                if columns[0] in self.missing_columns
            ]
        return []

    def clean_row(self, row: ImportRow) -> RegistryRow | list[ImportProblem]:
        problems = self._missing_columns(row)

        siret = normalise_identifier(row[SIRET])
        if not siret:
            problems.append(row.problem(SIRET, _("valeur manquante.")))
        elif len(siret) != 14 or not siret.isdigit():
            problems.append(
                row.problem(
                    SIRET,
                    _("SIRET invalide « %(value)s » : 14 chiffres sont attendus.")
                    % {"value": row[SIRET]},
                )
            )
        elif not siret_valid(siret):
            problems.append(
                row.problem(
                    SIRET,
                    _("SIRET invalide « %(value)s » : la clé de contrôle est fausse.")
                    % {"value": row[SIRET]},
                )
            )

        name = self._first(row, NAME_COLUMNS)
        name_limit = Organisation._meta.get_field("name").max_length or 0
        assert self.missing_columns is not None
        if NAME_COLUMNS[0] in self.missing_columns:
            pass
        elif not name:
            problems.append(row.problem(NAME_COLUMNS[0], _("valeur manquante.")))
        elif len(name) > name_limit:
            problems.append(
                row.problem(
                    NAME_COLUMNS[0],
                    _("nom trop long (%(length)d caractères, %(limit)d au plus).")
                    % {"length": len(name), "limit": name_limit},
                )
            )

        typed_naf = self._first(row, NAF_COLUMNS)
        naf_code = normalise_naf(typed_naf)
        if NAF_COLUMNS[0] in self.missing_columns:
            pass
        elif not typed_naf:
            problems.append(row.problem(NAF_COLUMNS[0], _("valeur manquante.")))
        elif not naf_valid(naf_code) or section_of(naf_code) is None:
            problems.append(
                row.problem(
                    NAF_COLUMNS[0],
                    _(
                        "code NAF mal formé « %(value)s » : 4 chiffres et une lettre sont "
                        "attendus, par exemple 62.01Z ou 6201Z."
                    )
                    % {"value": typed_naf},
                )
            )

        headcount_band = row[HEADCOUNT].upper()
        if len(headcount_band) == 1 and headcount_band.isdigit():
            # A spreadsheet turns the code 01 into the number 1.
            headcount_band = "0" + headcount_band
        if headcount_band and headcount_band not in HEADCOUNT_BANDS:
            problems.append(
                row.problem(
                    HEADCOUNT,
                    _(
                        "tranche d'effectif inconnue « %(value)s ». Codes INSEE possibles : %(codes)s."
                    )
                    % {"value": row[HEADCOUNT], "codes": ", ".join(sorted(HEADCOUNT_BANDS))},
                )
            )

        insee_code = row[COMMUNE]
        commune_id = self.communes.get(insee_code)
        if not insee_code:
            problems.append(row.problem(COMMUNE, _("valeur manquante.")))
        elif commune_id is None:
            problems.append(
                row.problem(
                    COMMUNE,
                    _("code commune inconnu « %(code)s » : ce n'est pas une commune de Martinique.")
                    % {"code": insee_code},
                )
            )

        created_on = parse_date(row[CREATED_ON]) if row[CREATED_ON] else None
        if row[CREATED_ON] and created_on is None:
            problems.append(row.problem(CREATED_ON, self._bad_date(row[CREATED_ON])))

        state = row[STATE].upper()
        if not state:
            problems.append(row.problem(STATE, _("valeur manquante.")))
        elif state not in (ACTIVE, CLOSED):
            problems.append(
                row.problem(
                    STATE,
                    _("état inconnu « %(value)s » : A (active) ou F (fermée) est attendu.")
                    % {"value": row[STATE]},
                )
            )

        closed_column = next((c for c in CLOSED_ON_COLUMNS if row[c]), CLOSED_ON_COLUMNS[0])
        typed_closed_on = row[closed_column]
        closed_on = parse_date(typed_closed_on) if typed_closed_on else None
        if typed_closed_on and closed_on is None:
            problems.append(row.problem(closed_column, self._bad_date(typed_closed_on)))
        elif closed_on and state == ACTIVE:
            problems.append(
                row.problem(
                    closed_column,
                    _("date de fermeture donnée pour un établissement actif (état A)."),
                )
            )
        elif closed_on and created_on and closed_on < created_on:
            problems.append(
                row.problem(closed_column, _("la date de fermeture précède la date de création."))
            )

        if problems or commune_id is None or self.missing_columns:
            return problems
        return RegistryRow(
            siret=siret,
            name=name,
            naf_code=naf_code,
            headcount_band=headcount_band,
            size_band=size_band_for(headcount_band),
            commune_id=commune_id,
            registry_created_on=created_on,
            is_closed=state == CLOSED,
            registry_closed_on=closed_on,
        )

    @staticmethod
    def _bad_date(value: str) -> str:
        return _(
            "date invalide « %(value)s » : AAAA-MM-JJ est attendu, par exemple 2021-03-15."
        ) % {"value": value}

    def key(self, obj: RegistryRow) -> Hashable:
        return obj.siret

    def write(
        self, objs: Sequence[RegistryRow], *, actor: Actor | None, file_name: str
    ) -> WriteCounts:
        result = company_registry_upsert(actor=actor, rows=objs, file_name=file_name)
        return WriteCounts(created=result.created, updated=result.updated)
