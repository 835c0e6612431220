"""Demo organisations, people and one account per role."""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction

from lakou.accounts.models import Membership, Organisation, User
from lakou.core.demo import COMPANY_WORDS, NAF_MIX, Scale, demo_siret, person_name, register
from lakou.territory.models import Commune, Epci

DEMO_DOMAIN = "lakou.test"
DEMO_PASSWORD = "lakou-demo-972"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    first_name: str
    last_name: str
    organisations: tuple[str, ...]  # keys of the named demo organisations, first = default


DEMO_ACCOUNTS = (
    DemoAccount(
        "Fédération du numérique",
        f"federation@{DEMO_DOMAIN}",
        "Murielle",
        "Sainte-Rose",
        ("federation",),
    ),
    DemoAccount("EPCI (CACEM)", f"cacem@{DEMO_DOMAIN}", "Didier", "Lordinot", ("epci:249720061",)),
    DemoAccount(
        "EPCI (CAP Nord)", f"capnord@{DEMO_DOMAIN}", "Josiane", "Bellance", ("epci:200041788",)
    ),
    DemoAccount(
        "EPCI (CAESM)", f"caesm@{DEMO_DOMAIN}", "Rodrigue", "Marie-Luce", ("epci:249720053",)
    ),
    DemoAccount("Cabinet d'audit", f"audit@{DEMO_DOMAIN}", "Ludovic", "Grandisson", ("auditor",)),
    DemoAccount(
        "Organisme de formation", f"formation@{DEMO_DOMAIN}", "Nadège", "Célestine", ("provider",)
    ),
    DemoAccount(
        "Entreprise (et mentor associatif)",
        f"entreprise@{DEMO_DOMAIN}",
        "Fritz",
        "Dorval",
        ("company", "association"),
    ),
    DemoAccount(
        "Médiatrice numérique", f"mediation@{DEMO_DOMAIN}", "Rosette", "Ursulet", ("association",)
    ),
    DemoAccount(
        "Mairie (Le Lamentin)", f"mairie@{DEMO_DOMAIN}", "Marie-Josée", "Thalmensy", ("town_hall",)
    ),
    DemoAccount("Apprenante / habitante", f"apprenante@{DEMO_DOMAIN}", "Ginette", "Placide", ()),
    # Placement agreements: the company's tutor and the school's contact sign by e-mailed link;
    # their accounts show the same agreements from inside.
    DemoAccount(
        "Tuteur en entreprise", f"tuteur@{DEMO_DOMAIN}", "Joël", "Sainte-Luce", ("company",)
    ),
    DemoAccount(
        "Référente de l'organisme de formation",
        f"referente@{DEMO_DOMAIN}",
        "Maëva",
        "Larcher",
        ("provider",),
    ),
)

# One organisation per role account, with a fixed SIRET so that reruns find them.
NAMED_ORGANISATIONS = {
    "federation": dict(
        name="Fédération du numérique de Martinique",
        kind="federation",
        siret="90112345500015",
        commune="97209",
    ),
    "company": dict(
        name="Boulangerie Lakay",
        kind="company",
        siret="90223456600013",
        commune="97213",
        naf_code="10.71C",
        size_band="tpe",
    ),
    "provider": dict(
        name="Kolibri Académie",
        kind="provider",
        siret="90334567600014",
        commune="97209",
        naf_code="85.59A",
        size_band="tpe",
        activity_number="97970000001",
        street_address="1 rue de la Démonstration (adresse fictive)",
    ),
    "auditor": dict(
        name="Zandoli Data",
        kind="auditor",
        siret="90445678700012",
        commune="97229",
        naf_code="70.22Z",
        size_band="tpe",
    ),
    "association": dict(
        name="Réseau Matnik Médiation",
        kind="association",
        siret="90556789700012",
        commune="97224",
        naf_code="94.99Z",
    ),
    "town_hall": dict(
        name="Ville du Lamentin",
        kind="town_hall",
        siret="90667890800011",
        commune="97213",
        naf_code="84.11Z",
    ),
}


def demo_totp_secret(email: str) -> str:
    """A fixed TOTP secret per demo account, so the printed secret stays valid across reruns."""
    return base64.b32encode(hashlib.sha256(f"lakou-demo:{email}".encode()).digest()[:20]).decode()


def seed(*, scale: Scale, rng: random.Random) -> dict[str, int]:
    communes = list(Commune.objects.order_by("insee_code"))
    if len(communes) != 34 or Epci.objects.count() != 3:
        raise CommandError("Chargez d'abord les référentiels : lakou load-reference")
    with transaction.atomic():
        named = _named_organisations(communes)
        _role_accounts(named)
        companies = _companies(scale, rng, communes)
        _extra_organisations(scale, rng, communes)
        _provider_staff()
        people = _people(scale, rng)
    return {
        "organisations": Organisation.objects.count(),
        "entreprises créées": companies,
        "comptes personnels": User.objects.count(),
        "personnes créées": people,
    }


def _named_organisations(communes: list[Commune]) -> dict[str, Organisation]:
    by_code = {c.insee_code: c for c in communes}
    named: dict[str, Organisation] = {}
    for key, spec in NAMED_ORGANISATIONS.items():
        fields = dict(spec)
        commune = by_code[str(fields.pop("commune"))]
        organisation, _ = Organisation.objects.get_or_create(
            siret=fields.pop("siret"), defaults={**fields, "commune": commune}
        )
        named[key] = organisation
    for epci in Epci.objects.all():
        organisation, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.EPCI,
            epci=epci,
            defaults={
                "name": epci.name,
                "siren": epci.siren,
                "commune": by_code.get(epci.seat_insee_code),
            },
        )
        named[f"epci:{epci.siren}"] = organisation
    return named


def _role_accounts(named: dict[str, Organisation]) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    # One hash for all demo accounts: a password hash costs about a second on purpose.
    password_hash = make_password(DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "password": password_hash,
            },
        )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        for position, key in enumerate(account.organisations):
            Membership.objects.get_or_create(
                user=user,
                organisation=named[key],
                defaults={
                    "role": Membership.Role.ADMIN if position == 0 else Membership.Role.MEMBER
                },
            )
        if "federation" in account.organisations:
            if not user.is_superuser:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, demo_totp_secret(account.email))


def _weighted_communes(rng: random.Random, communes: list[Commune], count: int) -> list[Commune]:
    # Every commune has companies; the rest follow population.
    chosen = list(communes)
    weights = [c.population or 1 for c in communes]
    chosen += rng.choices(communes, weights=weights, k=max(0, count - len(communes)))
    return chosen[:count]


def _companies(scale: Scale, rng: random.Random, communes: list[Commune]) -> int:
    codes = [code for code, _word, _w in NAF_MIX]
    trades = {code: word for code, word, _w in NAF_MIX}
    weights = [w for _c, _word, w in NAF_MIX]
    rows = []
    for commune in _weighted_communes(rng, communes, scale.companies):
        naf = rng.choices(codes, weights=weights)[0]
        roll = rng.random()
        size = "tpe" if roll < 0.86 else ("pme" if roll < 0.99 else "large")
        name = f"{trades[naf]} {rng.choice(COMPANY_WORDS)}"
        if rng.random() < 0.3:
            name += f" {commune.name}"
        siret = demo_siret(rng)
        rows.append(
            Organisation(
                name=name,
                kind=Organisation.Kind.COMPANY,
                siret=siret,
                siren=siret[:9],
                naf_code=naf,
                size_band=size,
                commune=commune,
            )
        )
    before = Organisation.objects.filter(kind=Organisation.Kind.COMPANY).count()
    Organisation.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return Organisation.objects.filter(kind=Organisation.Kind.COMPANY).count() - before


PROVIDER_NAMES = [
    "Akademi Solèy",
    "Bootcamp Madinina",
    "École Flanboyan du Web",
    "Caraïbe Cyber Formation",
    "Kannari Data School",
    "Alizés Numérique Conseil",
]
AUDITOR_NAMES = ["Karukera Analytics", "Bureau d'études Piton", "Lagon Conseil Data"]
ASSOCIATION_NAMES = ["Kolibri Solidarité Numérique", "Fanal Médiation Seniors", "Zanmi Connectés"]


def demo_provider_details(rng: random.Random) -> dict[str, str]:
    """A plausible activity number (Martinique's 97 97 prefix) and an address that says it is a demo.

    Demo data only: the real organisations give theirs when they publish a programme.
    """
    return {
        "activity_number": f"979700{rng.randrange(10**4, 10**5):05d}",
        "street_address": f"{rng.randrange(1, 120)} rue de la Démonstration (adresse fictive)",
    }


def _extra_organisations(scale: Scale, rng: random.Random, communes: list[Commune]) -> None:
    for kind, names, count, naf in (
        (Organisation.Kind.PROVIDER, PROVIDER_NAMES, scale.providers, "85.59A"),
        (Organisation.Kind.AUDITOR, AUDITOR_NAMES, scale.auditors, "70.22Z"),
        (Organisation.Kind.ASSOCIATION, ASSOCIATION_NAMES, scale.associations, "94.99Z"),
    ):
        rows = []
        for index in range(count):
            name = names[index % len(names)] + (
                f" {index // len(names) + 1}" if index >= len(names) else ""
            )
            siret = demo_siret(rng)
            rows.append(
                Organisation(
                    name=name,
                    kind=kind,
                    siret=siret,
                    siren=siret[:9],
                    naf_code=naf,
                    size_band="tpe",
                    commune=rng.choice(communes),
                    **(demo_provider_details(rng) if kind == Organisation.Kind.PROVIDER else {}),
                )
            )
        Organisation.objects.bulk_create(rows, ignore_conflicts=True)


def _provider_staff() -> None:
    """One administrator for each training provider that has none, so it publishes programmes.

    Names come from the organisation's own seed, so the people drawn after stay the same.
    """
    for organisation in Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, memberships__isnull=True
    ).order_by("pk"):
        first, last = person_name(random.Random(organisation.siret))
        user, _ = User.objects.get_or_create(
            email=f"equipe.{organisation.siret}@{DEMO_DOMAIN}",
            defaults={"first_name": first, "last_name": last, "password": "!demo"},
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
        )


def _people(scale: Scale, rng: random.Random) -> int:
    rows = []
    for index in range(scale.people):
        first, last = person_name(rng)
        slug = f"{first}.{last}".lower().replace(" ", "-")
        rows.append(
            User(
                email=f"{_ascii(slug)}.{index}@{DEMO_DOMAIN}",
                first_name=first,
                last_name=last,
                password="!demo",  # unusable: these people log in by e-mailed code
            )
        )
    before = User.objects.count()
    User.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return User.objects.count() - before


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


register("lakou.accounts.demo.seed", seed)
