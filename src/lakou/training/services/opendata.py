"""Open data exports of the published catalogue: LHEO 2.3 XML, data·inclusion JSON and CSV.

`load_catalogue` reads the published programmes in a fixed number of queries and turns them into
plain rows; the builders below take those rows and know nothing of Django, so the mapping to each
format is tested and benchmarked on its own. docs/formats/catalogue-opendata.md documents it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    Service,
    Structure,
    Thematique,
    TypeService,
)
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from lakou.core.exports import CsvWriter
from lakou.training.models import (
    Audience,
    CertificationKind,
    Domain,
    Format,
    Funding,
    Programme,
    ProgrammeAudience,
    ProgrammeFunding,
    Session,
)

LHEO_NAMESPACE = "http://lheo.gouv.fr/2.3"
SOURCE = "lakou"
DEPARTMENT_CODE = "972"
DEPARTMENT_NAME = "Martinique"
LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# ---------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class Place:
    insee_code: str
    name: str
    postal_code: str


@dataclass(frozen=True)
class ProviderRow:
    id: int
    name: str
    siret: str
    activity_number: str
    street_address: str
    place: Place | None


@dataclass(frozen=True)
class SessionRow:
    id: int
    starts_on: date
    ends_on: date
    schedule: str
    is_remote: bool
    place: Place | None
    venue: str
    seats: int
    enrolment_deadline: date | None
    status: str
    path: str
    updated_at: datetime


@dataclass(frozen=True)
class ProgrammeRow:
    id: int
    title: str
    objective: str
    content: str
    expected_results: str
    domain: str
    format: str
    duration_hours: int
    entry_level: str
    prerequisites: str
    certification_kind: str
    certification_code: str
    certifier: str
    price: Decimal
    accessibility: str
    audiences: tuple[str, ...]
    fundings: tuple[str, ...]
    rome_codes: tuple[str, ...]
    labelled_until: date | None
    provider: ProviderRow
    sessions: tuple[SessionRow, ...]
    path: str
    created_at: datetime
    updated_at: datetime

    @property
    def last_change(self) -> datetime:
        return max([self.updated_at, *(session.updated_at for session in self.sessions)])


# ---------------------------------------------------------------- reading the database


def _place(insee_code: str | None, name: str | None, postal_codes: str | None) -> Place | None:
    if not insee_code:
        return None
    found = re.findall(r"\d{5}", postal_codes or "")
    return Place(insee_code=insee_code, name=name or "", postal_code=found[0] if found else "")


def _path_maker(url_name: str) -> Callable[[int], str]:
    """A programme or session path without one `reverse()` per row (25,000 rows at scale)."""
    sentinel = 987654321
    template = reverse(url_name, kwargs={"pk": sentinel})
    before, after = template.split(str(sentinel))
    return lambda pk: f"{before}{pk}{after}"


PROGRAMME_FIELDS = (
    "id",
    "title",
    "objective",
    "content",
    "expected_results",
    "domain",
    "format",
    "duration_hours",
    "entry_level",
    "prerequisites",
    "certification_kind",
    "certification_code",
    "certifier",
    "price",
    "accessibility",
    "status",
    "label_expires_at",
    "created_at",
    "updated_at",
    "provider_id",
    "provider__name",
    "provider__siret",
    "provider__activity_number",
    "provider__street_address",
    "provider__commune__insee_code",
    "provider__commune__name",
    "provider__commune__postal_codes",
)
SESSION_FIELDS = (
    "id",
    "programme_id",
    "starts_on",
    "ends_on",
    "schedule",
    "is_remote",
    "commune__insee_code",
    "commune__name",
    "commune__postal_codes",
    "venue",
    "seats",
    "enrolment_deadline",
    "status",
    "updated_at",
)


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for programme_id, value in pairs:
        groups[programme_id].append(value)
    return groups


def load_catalogue() -> list[ProgrammeRow]:
    """The published catalogue as plain rows: five queries whatever its size, one pass each.

    Plain `values()` rows rather than model instances and prefetches: at 20,000 sessions,
    building the instances cost more than the queries themselves.
    """
    published = Programme.objects.published()
    audiences = _grouped(
        ProgrammeAudience.objects.filter(programme__in=published)
        .order_by("pk")
        .values_list("programme_id", "audience")
    )
    fundings = _grouped(
        ProgrammeFunding.objects.filter(programme__in=published)
        .order_by("pk")
        .values_list("programme_id", "funding")
    )
    rome_codes = _grouped(
        Programme.occupations.through.objects.filter(programme__in=published)
        .order_by("occupation__code_rome")
        .values_list("programme_id", "occupation__code_rome")
    )
    session_path = _path_maker("training:session_detail")
    sessions: dict[int, list[SessionRow]] = defaultdict(list)
    for row in (
        Session.objects.not_cancelled()
        .filter(programme__in=published)
        .order_by("starts_on", "pk")
        .values(*SESSION_FIELDS)
    ):
        sessions[row["programme_id"]].append(
            SessionRow(
                id=row["id"],
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                schedule=row["schedule"],
                is_remote=row["is_remote"],
                place=_place(
                    row["commune__insee_code"], row["commune__name"], row["commune__postal_codes"]
                ),
                venue=row["venue"],
                seats=row["seats"],
                enrolment_deadline=row["enrolment_deadline"],
                status=row["status"],
                path=session_path(row["id"]),
                updated_at=row["updated_at"],
            )
        )
    programme_path = _path_maker("training:programme_detail")
    today = timezone.localdate()
    providers: dict[int, ProviderRow] = {}
    rows = []
    for row in published.order_by("pk").values(*PROGRAMME_FIELDS):
        provider = providers.get(row["provider_id"])
        if provider is None:
            provider = ProviderRow(
                id=row["provider_id"],
                name=row["provider__name"],
                siret=row["provider__siret"],
                activity_number=row["provider__activity_number"],
                street_address=row["provider__street_address"],
                place=_place(
                    row["provider__commune__insee_code"],
                    row["provider__commune__name"],
                    row["provider__commune__postal_codes"],
                ),
            )
            providers[provider.id] = provider
        expires = row["label_expires_at"]
        labelled = row["status"] == Programme.Status.LABELLED and expires and expires >= today
        pk = row["id"]
        rows.append(
            ProgrammeRow(
                id=pk,
                title=row["title"],
                objective=row["objective"],
                content=row["content"],
                expected_results=row["expected_results"],
                domain=row["domain"],
                format=row["format"],
                duration_hours=row["duration_hours"],
                entry_level=row["entry_level"],
                prerequisites=row["prerequisites"],
                certification_kind=row["certification_kind"],
                certification_code=row["certification_code"],
                certifier=row["certifier"],
                price=row["price"],
                accessibility=row["accessibility"],
                audiences=tuple(audiences.get(pk, ())),
                fundings=tuple(fundings.get(pk, ())),
                rome_codes=tuple(rome_codes.get(pk, ())),
                labelled_until=expires if labelled else None,
                provider=provider,
                sessions=tuple(sessions.get(pk, ())),
                path=programme_path(pk),
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
        )
    return rows


@dataclass(frozen=True)
class CatalogueSummary:
    programmes: int
    sessions: int
    last_change: datetime | None


def catalogue_summary() -> CatalogueSummary:
    """What the open data page says about the files: their size and last change (two queries)."""
    programmes = Programme.objects.published().aggregate(count=Count("pk"), last=Max("updated_at"))
    # A cancellation changes the files too (the session leaves them): its date counts.
    sessions = Session.objects.filter(programme__is_published=True).aggregate(
        count=Count("pk", filter=~Q(status=Session.Status.CANCELLED)), last=Max("updated_at")
    )
    changes = [day for day in (programmes["last"], sessions["last"]) if day is not None]
    return CatalogueSummary(
        programmes=programmes["count"],
        sessions=sessions["count"],
        last_change=max(changes) if changes else None,
    )


# ---------------------------------------------------------------- LHEO 2.3

# Our entry levels follow the 2019 nomenclature (0, 3 to 7); LHEO's dict-niveaux still lists the
# codes of the 1969 one, so each 2019 level goes to its 1969 equivalent.
LHEO_ENTRY_LEVEL = {"0": "1", "3": "4", "4": "5", "5": "6", "6": "7", "7": "8"}
# dict-modalites-enseignement: 0 entirely in person, 1 mixed, 2 entirely remote.
LHEO_TEACHING: dict[str, str] = {Format.IN_PERSON: "0", Format.HYBRID: "1", Format.E_LEARNING: "2"}
# dict-etat-recrutement: 1 open, 2 closed, 3 suspended; a planned session has no state yet.
LHEO_RECRUITMENT: dict[str, str] = {
    Session.Status.OPEN: "1",
    Session.Status.FULL: "2",
    Session.Status.DONE: "2",
}
# FORMACODE "public visé" code for "tous publics", the only one checked; see the docs.
LHEO_PUBLIC_CODE = "80006"
LHEO_FORMACODE_VERSION = "V12"
PAID_FUNDINGS = {Funding.CPF, Funding.EMPLOYER, Funding.FRANCE_TRAVAIL, Funding.REGION}
UNKNOWN_START, UNKNOWN_END = "00000000", "99999999"


def _lheo_date(day: date | None, unknown: str) -> str:
    return day.strftime("%Y%m%d") if day else unknown


def _sub(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _lheo_url(parent: ET.Element, tag: str, url: str) -> None:
    _sub(_sub(parent, tag), "urlweb", url)


def _lheo_address(parent: ET.Element, place: Place | None, line: str) -> None:
    address = _sub(parent, "adresse")
    _sub(address, "ligne", line or (place.name if place else DEPARTMENT_NAME))
    _sub(address, "codepostal", place.postal_code if place else "")
    _sub(address, "ville", place.name if place else "")
    _sub(address, "departement", DEPARTMENT_CODE)
    if place:
        _sub(address, "code-INSEE-commune", place.insee_code)


def _lheo_period(parent: ET.Element, start: str, end: str) -> None:
    period = _sub(parent, "periode")
    _sub(period, "debut", start)
    _sub(period, "fin", end)


def _audience_labels(programme: ProgrammeRow) -> str:
    return ", ".join(str(Audience(code).label) for code in programme.audiences)


def _registration_place(programme: ProgrammeRow, session: SessionRow | None) -> tuple[Place, str]:
    """Where to register: the session's commune in person, else the provider's postal address."""
    if session is not None and not session.is_remote and session.place:
        return session.place, session.venue
    assert programme.provider.place is not None  # lheo_exportable() left the others out
    return programme.provider.place, programme.provider.street_address


def lheo_exportable(programme: ProgrammeRow) -> bool:
    """LHEO requires the provider's activity number and a postal address to register at."""
    provider = programme.provider
    if not provider.activity_number:
        return False
    if provider.place is not None and provider.place.postal_code:
        return True
    sessions = programme.sessions or (None,)
    return all(s is not None and not s.is_remote and s.place for s in sessions)


def _lheo_action(
    formation: ET.Element,
    programme: ProgrammeRow,
    session: SessionRow | None,
    base_url: str,
    audiences: str,
) -> None:
    action = _sub(formation, "action")
    if session is not None:
        action.set("numero", str(session.id))
    _sub(action, "rythme-formation", (session.schedule if session else "") or "Non précisé")
    _sub(action, "code-public-vise", LHEO_PUBLIC_CODE, ref=LHEO_FORMACODE_VERSION)
    if audiences:
        _sub(action, "info-public-vise", audiences)
    _sub(action, "niveau-entree-obligatoire", "0" if programme.entry_level == "0" else "1")
    _sub(action, "modalites-alternance", "Non précisé")
    remote = programme.format == Format.E_LEARNING or (session is not None and session.is_remote)
    _sub(action, "modalites-enseignement", "2" if remote else LHEO_TEACHING[programme.format])
    _sub(action, "conditions-specifiques", programme.prerequisites or "Aucune")
    funded = bool(PAID_FUNDINGS.intersection(programme.fundings))
    _sub(action, "prise-en-charge-frais-possible", "1" if funded else "0")
    place = _sub(_sub(action, "lieu-de-formation"), "coordonnees")
    if session is None:
        _sub(place, "ligne", "Dates et lieu à venir")
    elif session.is_remote:
        _sub(place, "ligne", "À distance")
    else:
        if session.venue:
            _sub(place, "ligne", session.venue)
        _lheo_address(place, session.place, session.venue)
    _sub(action, "modalites-entrees-sorties", "0")
    if session is not None:
        _lheo_url(action, "url-action", base_url + session.path)
    lheo_session = _sub(action, "session")
    if session is not None:
        lheo_session.set("numero", str(session.id))
    _lheo_period(
        lheo_session,
        _lheo_date(session.starts_on if session else None, UNKNOWN_START),
        _lheo_date(session.ends_on if session else None, UNKNOWN_END),
    )
    registration = _sub(lheo_session, "adresse-inscription")
    _lheo_address(registration, *_registration_place(programme, session))
    if session is not None and session.enrolment_deadline:
        _lheo_period(
            _sub(lheo_session, "periode-inscription"),
            UNKNOWN_START,
            _lheo_date(session.enrolment_deadline, UNKNOWN_END),
        )
    if session is not None and session.status in LHEO_RECRUITMENT:
        _sub(lheo_session, "etat-recrutement", LHEO_RECRUITMENT[session.status])
    if programme.accessibility:
        _sub(action, "acces-handicapes", programme.accessibility)
    _sub(action, "prix-total-TTC", f"{programme.price:.2f}")
    _sub(action, "duree-indicative", f"{programme.duration_hours} heures")
    _sub(action, "nombre-heures-total", programme.duration_hours)


def _lheo_provider(formation: ET.Element, provider: ProviderRow, base_url: str) -> None:
    responsible = _sub(formation, "organisme-formation-responsable")
    _sub(responsible, "numero-activite", provider.activity_number)
    _sub(_sub(responsible, "SIRET-organisme-formation"), "SIRET", provider.siret or "0" * 14)
    _sub(responsible, "nom-organisme", provider.name)
    _sub(responsible, "raison-sociale", provider.name)
    details = _sub(_sub(responsible, "coordonnees-organisme"), "coordonnees")
    _sub(details, "nom", provider.name)
    if provider.place:
        _lheo_address(details, provider.place, provider.street_address)
    contact = _sub(_sub(responsible, "contact-organisme"), "coordonnees")
    _lheo_url(contact, "web", f"{base_url}/formations/")


def build_lheo(programmes: Iterable[ProgrammeRow], *, base_url: str) -> bytes:
    """The catalogue as an LHEO 2.3 document: one <formation> per programme, one <action> per session."""
    root = ET.Element("lheo", {"xmlns": LHEO_NAMESPACE})
    offers = _sub(root, "offres")
    for programme in filter(lheo_exportable, programmes):
        formation = _sub(offers, "formation", numero=str(programme.id))
        domain = _sub(formation, "domaine-formation")
        for code in programme.rome_codes[:5]:
            _sub(domain, "code-ROME", code)
        _sub(formation, "intitule-formation", programme.title)
        _sub(formation, "objectif-formation", programme.objective)
        _sub(formation, "resultats-attendus", programme.expected_results or programme.objective)
        _sub(formation, "contenu-formation", programme.content or programme.objective)
        certifying = programme.certification_kind != CertificationKind.NONE
        _sub(formation, "certifiante", "1" if certifying else "0")
        contact = _sub(_sub(formation, "contact-formation"), "coordonnees")
        _sub(contact, "nom", programme.provider.name)
        _lheo_url(contact, "web", base_url + programme.path)
        _sub(formation, "parcours-de-formation", "1")
        _sub(formation, "code-niveau-entree", LHEO_ENTRY_LEVEL.get(programme.entry_level, "0"))
        rncp = re.sub(r"\D", "", programme.certification_code)
        if programme.certification_kind == CertificationKind.RNCP and rncp:
            _sub(_sub(formation, "certification"), "code-RNCP", rncp[:6])
        _lheo_url(formation, "url-formation", base_url + programme.path)
        audiences = _audience_labels(programme)
        for session in programme.sessions or (None,):
            _lheo_action(formation, programme, session, base_url, audiences)
        _lheo_provider(formation, programme.provider, base_url)
    ET.indent(root)
    # Serialising to str then encoding once is several times faster than encoding="utf-8".
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode()
    )


# ---------------------------------------------------------------- data·inclusion v1

# The data·inclusion v1 value lists, from the schema's own package (data-inclusion-schema).
DI_PUBLICS: dict[str, Public] = {
    Audience.EVERYONE: Public.TOUS_PUBLICS,
    Audience.SENIORS: Public.SENIORS,
    Audience.JOB_SEEKERS: Public.DEMANDEURS_EMPLOI,
    Audience.YOUNG_PEOPLE: Public.JEUNES,
    Audience.EMPLOYEES: Public.ACTIFS,
    # Audience.CAREER_CHANGERS has no v1 public: it is said in `publics_precisions`.
}
DI_RECEPTION: dict[str, set[ModeAccueil]] = {
    Format.IN_PERSON: {ModeAccueil.EN_PRESENTIEL},
    Format.E_LEARNING: {ModeAccueil.A_DISTANCE},
    Format.HYBRID: {ModeAccueil.EN_PRESENTIEL, ModeAccueil.A_DISTANCE},
}
# v1 has four digital topics, about everyday use; a course towards a digital trade has none.
DI_TOPICS: dict[str, set[Thematique]] = {
    Domain.DIGITAL_BASICS: {Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE},
    Domain.OFFICE: {Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE},
}
NAME_LENGTH = 150  # v1 `nom`: 3 to 150 characters, no final full stop
NAME_MIN_LENGTH = 3
DESCRIPTION_LENGTH = 10_000
# v1 zone_eligibilite: a COG code; "972" is the département of Martinique.
DI_ZONE = [DEPARTMENT_CODE]


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _di_name(name: str, short_prefix: str) -> str:
    name = _shorten(name, NAME_LENGTH).rstrip(".").strip()
    if len(name) < NAME_MIN_LENGTH:
        name = f"{short_prefix} {name}".strip()
    return name


def _programme_detail(programme: ProgrammeRow) -> str:
    parts = [
        ("Objectif", programme.objective),
        ("Contenu", programme.content),
        ("Résultats attendus", programme.expected_results),
        ("Prérequis", programme.prerequisites),
        ("Accessibilité", programme.accessibility),
    ]
    detail = "\n\n".join(f"{title} : {text.strip()}" for title, text in parts if text.strip())
    if len(detail) > DESCRIPTION_LENGTH:
        detail = detail[: DESCRIPTION_LENGTH - 1].rstrip() + "…"
    return detail


def _fees_details(programme: ProgrammeRow) -> str | None:
    fundings = [str(Funding(code).label) for code in programme.fundings if code != Funding.FREE]
    price = f"{programme.price:.2f}".replace(".", ",")
    details = [f"Prix : {price} €"] if programme.price else []
    if fundings:
        details.append("financements possibles : " + ", ".join(fundings))
    return " ; ".join(details) or None


def _publics(programme: ProgrammeRow) -> set[Public] | None:
    publics = {DI_PUBLICS[code] for code in programme.audiences if code in DI_PUBLICS}
    # v1: `tous-publics` stands alone.
    if Public.TOUS_PUBLICS in publics:
        return {Public.TOUS_PUBLICS}
    return publics or None


def _service(programme: ProgrammeRow, base_url: str) -> Service:
    free = not programme.price or Funding.FREE in programme.fundings
    in_person = next((s for s in programme.sessions if not s.is_remote and s.place), None)
    where = in_person.place if in_person else programme.provider.place
    address = (in_person.venue if in_person else programme.provider.street_address) or None
    link = base_url + programme.path
    return Service(
        source=SOURCE,
        structure_id=f"organisme-{programme.provider.id}",
        id=f"formation-{programme.id}",
        nom=_di_name(programme.title, "Formation"),
        description=_programme_detail(programme),
        lien_source=link,
        date_maj=timezone.localdate(programme.last_change),
        type=TypeService.FORMATION,
        thematiques=DI_TOPICS.get(programme.domain),
        frais=Frais.GRATUIT if free else Frais.PAYANT,
        frais_precisions=_fees_details(programme),
        publics=_publics(programme),
        publics_precisions=_audience_labels(programme) or None,
        conditions_acces=programme.prerequisites.strip() or None,
        commune=where.name if where else None,
        code_postal=(where.postal_code or None) if where else None,
        code_insee=where.insee_code if where else None,
        adresse=address,
        modes_accueil=DI_RECEPTION[programme.format],
        zone_eligibilite=DI_ZONE,
        lien_mobilisation=link,
        modes_mobilisation={ModeMobilisation.UTILISER_LIEN_MOBILISATION},
        mobilisable_par={PersonneMobilisatrice.USAGERS},
    )


def _structure(provider: ProviderRow, changed: date) -> Structure:
    return Structure(
        source=SOURCE,
        id=f"organisme-{provider.id}",
        nom=_di_name(provider.name, "Organisme"),
        date_maj=changed,
        siret=provider.siret or None,
        commune=provider.place.name if provider.place else None,
        code_postal=(provider.place.postal_code or None) if provider.place else None,
        code_insee=provider.place.insee_code if provider.place else None,
        adresse=provider.street_address or None,
    )


def _di_json(model: Service | Structure) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json")
    # The models hold value lists as sets: sorted, so that the file is the same on each run.
    return {key: sorted(value) if isinstance(value, list) else value for key, value in data.items()}


def build_data_inclusion(
    programmes: Iterable[ProgrammeRow], *, base_url: str
) -> dict[str, list[dict[str, Any]]]:
    """data·inclusion v1 `structures` (the providers) and `services` (one per programme).

    Built with the schema's own pydantic models, so a value v1 refuses fails here, not downstream.
    """
    changes: dict[int, date] = {}
    providers: dict[int, ProviderRow] = {}
    services = []
    for programme in programmes:
        provider = programme.provider
        changed = timezone.localdate(programme.last_change)
        providers[provider.id] = provider
        changes[provider.id] = max(changed, changes.get(provider.id, changed))
        services.append(_di_json(_service(programme, base_url)))
    structures = [_di_json(_structure(p, changes[p.id])) for p in providers.values()]
    return {"structures": structures, "services": services}


# ---------------------------------------------------------------- CSV

CSV_HEADERS = [
    "identifiant_formation",
    "intitule",
    "organisme",
    "siret_organisme",
    "objectif",
    "domaine",
    "modalite",
    "duree_heures",
    "niveau_entree",
    "certification",
    "code_certification",
    "certificateur",
    "prix_euros",
    "publics",
    "financements",
    "codes_rome",
    "label_valable_jusqu_au",
    "lien_formation",
    "identifiant_session",
    "debut",
    "fin",
    "horaires",
    "a_distance",
    "commune",
    "code_insee",
    "lieu",
    "places",
    "date_limite_inscription",
    "statut_session",
    "lien_session",
]


def _csv_programme(programme: ProgrammeRow, base_url: str) -> list[object]:
    return [
        programme.id,
        programme.title,
        programme.provider.name,
        programme.provider.siret,
        programme.objective,
        programme.domain,
        programme.format,
        programme.duration_hours,
        programme.entry_level,
        programme.certification_kind,
        programme.certification_code,
        programme.certifier,
        f"{programme.price:.2f}",
        "|".join(programme.audiences),
        "|".join(programme.fundings),
        "|".join(programme.rome_codes),
        programme.labelled_until.isoformat() if programme.labelled_until else "",
        base_url + programme.path,
    ]


def _csv_session(session: SessionRow | None, base_url: str) -> list[object]:
    if session is None:
        return [""] * 12
    return [
        session.id,
        session.starts_on.isoformat(),
        session.ends_on.isoformat(),
        session.schedule,
        "oui" if session.is_remote else "non",
        session.place.name if session.place else "",
        session.place.insee_code if session.place else "",
        session.venue,
        session.seats,
        session.enrolment_deadline.isoformat() if session.enrolment_deadline else "",
        session.status,
        base_url + session.path,
    ]


def iter_csv(programmes: Iterable[ProgrammeRow], *, base_url: str) -> Iterator[bytes]:
    """UTF-8 with BOM, `;`, one line per session (a programme without session keeps one line)."""
    writer = CsvWriter()
    writer.writerow(CSV_HEADERS)
    yield writer.take()
    for programme in programmes:
        columns = _csv_programme(programme, base_url)
        for session in programme.sessions or (None,):
            writer.writerow(columns + _csv_session(session, base_url))
        yield writer.take()


def build_csv(programmes: Iterable[ProgrammeRow], *, base_url: str) -> bytes:
    return b"".join(iter_csv(programmes, base_url=base_url))
