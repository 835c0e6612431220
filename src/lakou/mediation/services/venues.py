"""Venues: the rows of the national export of the lieux de médiation numérique (schema v1.0.2,
docs/formats/lieux-mediation.md), as CSV and JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lakou.core.actor import Actor
from lakou.core.audit import audit_record
from lakou.core.exports import neutralise, open_data_csv
from lakou.mediation.models import Venue, VenueKind
from lakou.mediation.perms import venues as perms

SCHEMA_VERSION = "1.0.2"
SOURCE = "Lakou"

# The columns of the schema, in its order.
COLUMNS = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)

# The data·inclusion typology of each kind of venue; a company has no typology of its own there.
TYPOLOGY = {
    VenueKind.TOWN_HALL: "MUNI",
    VenueKind.LIBRARY: "BIB",
    VenueKind.FRANCE_SERVICES: "RFS",
    VenueKind.EPCI: "EPCI",
    VenueKind.ASSOCIATION: "ASSO",
    VenueKind.COMPANY: "",
}

# Free texts: a spreadsheet must never run them. Coded fields (pivot, telephone, dates, value
# lists) follow the schema's patterns, which no formula matches.
FREE_TEXTS = (
    "nom",
    "commune",
    "adresse",
    "complement_adresse",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "structure_parente",
)


class VenueError(Exception):
    """A record refused as a whole; the message is French and names the field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _check(venue: Venue) -> None:
    known = venue.commune.postal_codes.split()
    if known and venue.postal_code not in known:
        raise VenueError(
            _("Ce code postal n'est pas celui de %(commune)s (%(codes)s).")
            % {"commune": venue.commune.name, "codes": ", ".join(known)},
            field="postal_code",
        )
    if venue.capacity == 0 and "Dans un atelier collectif" in venue.guidance_modes:
        raise VenueError(
            _("Un lieu qui accueille des ateliers collectifs indique combien de places il a."),
            field="capacity",
        )


def venue_save(*, actor: Actor, venue: Venue) -> Venue:
    """Record a new venue (kept by the actor's organisation) or the changes to one."""
    creating = venue.pk is None
    if creating:
        if not perms.can_keep_venues(actor):
            raise PermissionDenied(_("Seules les organisations membres tiennent des lieux."))
        if not actor.is_federation:
            venue.manager_id = actor.organisation_id
    elif not perms.can_edit_venue(actor, venue):
        raise PermissionDenied(_("Seule l'organisation qui tient ce lieu le modifie."))
    _check(venue)
    with transaction.atomic():
        venue.save()
        audit_record(actor=actor, action="venue.create" if creating else "venue.update", obj=venue)
    return venue


def venue_identifier(venue: Venue) -> str:
    """Unique in the national base: the platform's name and the venue's number."""
    return f"lakou-{venue.pk}"


def _listed(values: list[str]) -> str:
    return "|".join(values)


def venue_row(venue: Venue) -> dict[str, Any]:
    """One line of the export, keyed by the schema's column names ("" for what Lakou lacks)."""
    row: dict[str, Any] = {
        "id": venue_identifier(venue),
        "pivot": venue.carrier_number,
        "nom": venue.name,
        "commune": venue.commune.name,
        "code_postal": venue.postal_code,
        "code_insee": venue.commune.insee_code,
        "adresse": venue.address,
        "complement_adresse": venue.address_complement,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "typologie": TYPOLOGY[VenueKind(venue.kind)],
        "telephone": venue.phone,
        "courriels": venue.email,
        "site_web": venue.website,
        "horaires": venue.opening_hours,
        "presentation_resume": venue.summary,
        "presentation_detail": venue.presentation,
        "source": SOURCE,
        "itinerance": "Fixe",
        "structure_parente": venue.carrier_name if venue.carrier_name != venue.name else "",
        "date_maj": timezone.localdate(venue.updated_at).isoformat(),
        "services": _listed(venue.services),
        "publics_specifiquement_adresses": _listed(venue.publics),
        "prise_en_charge_specifique": _listed(venue.supports),
        "frais_a_charge": _listed(venue.fees),
        "dispositif_programmes_nationaux": "",
        "formations_labels": "",
        "autres_formations_labels": "",
        "modalites_acces": _listed(venue.access_modes),
        "modalites_accompagnement": _listed(venue.guidance_modes),
        "fiche_acces_libre": "",
        "prise_rdv": venue.booking_url,
    }
    return row


def exported_venues() -> Any:
    """The venues of the export: the published ones, in a stable order."""
    return Venue.objects.published().select_related("commune").order_by("pk")


def venues_csv() -> bytes:
    """The schema's CSV: comma-separated UTF-8, one header line, dates as YYYY-MM-DD."""

    def rows() -> Any:
        for venue in exported_venues():
            row = venue_row(venue)
            yield row | {name: neutralise(row[name]) for name in FREE_TEXTS}

    return open_data_csv(COLUMNS, rows())


def venues_json() -> bytes:
    """The same lines as a JSON list of objects (empty fields left out, as the schema allows)."""
    rows = [
        {k: v for k, v in venue_row(venue).items() if v not in ("", None)}
        for venue in exported_venues()
    ]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
