"""Each role's menu and home page, assembled from what the apps contribute.

Every app that has something to offer registers it in its own `navigation.py` module,
discovered on first use like `indicators.py`, so that `core` names no solution and a new app
only adds its module:

    navigation.register_menu(menu)   # menu(actor) -> list[MenuEntry]
    navigation.register_home(home)   # home(actor) -> HomePart

A home contribution reads the database with aggregate queries: a home costs a handful of
queries whatever the number of rows behind its counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lakou.core.actor import Actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str
    order: int
    # Views whose pages belong to this section besides its own page: "accounts:token_create",
    # or a whole namespace, "territory:*".
    views: tuple[str, ...] = ()
    # Entries of one group fold under its label (« Partenariats »), placed where its first entry
    # would be; a group of one entry is shown as that entry alone.
    group: str = ""

    def covers(self, view_name: str) -> bool:
        return any(
            view_name == name or (name.endswith(":*") and view_name.startswith(name[:-1]))
            for name in self.views
        )


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    is_current: bool
    # A group: its links (and `url` is empty); `is_current` when one of them is.
    links: tuple[MenuLink, ...] = ()


@dataclass(frozen=True)
class LiveItem:
    """What waits for this person or is under way: how many, of what, and where to act."""

    label: str
    url: str
    count: int | None = None
    detail: str = ""
    # A few places to act at once (label, url), e.g. the first sessions with requests.
    links: tuple[tuple[str, str], ...] = ()
    # Said instead when the count is 0, with a link; without it an empty item is left out.
    empty: str = ""
    empty_link: str = ""
    order: int = 100

    @property
    def is_empty(self) -> bool:
        return self.count == 0


@dataclass(frozen=True)
class NextStep:
    title: str
    description: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class HomePart:
    items: list[LiveItem] = field(default_factory=list)
    steps: list[NextStep] = field(default_factory=list)


@dataclass(frozen=True)
class HomePage:
    role: str
    heading: str
    intro: str
    note: str = ""
    items: list[LiveItem] = field(default_factory=list)
    empty_items: list[LiveItem] = field(default_factory=list)
    steps: list[NextStep] = field(default_factory=list)
    template: str = "core/home.html"


MenuFunction = Callable[[Actor], list[MenuEntry]]
HomeFunction = Callable[[Actor], HomePart]

_menus: dict[str, MenuFunction] = {}
_homes: dict[str, HomeFunction] = {}
_discovered = False


def register_menu(function: MenuFunction) -> MenuFunction:
    _menus[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def register_home(function: HomeFunction) -> HomeFunction:
    _homes[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("navigation")
        _discovered = True


# ---------------------------------------------------------------- menus


def menu_entries(actor: Actor) -> list[MenuEntry]:
    """The acting role's sections, in order: the home first, then what each app offers."""
    _discover()
    entries = [MenuEntry(_("Accueil"), reverse("home"), order=0)]
    for function in _menus.values():
        entries.extend(function(actor))
    return sorted(entries, key=lambda entry: entry.order)


def menu_for(actor: Actor, *, path: str, view_name: str = "") -> list[MenuLink]:
    """The menu with the current section marked: the entry of this page, else the one covering it."""
    entries = menu_entries(actor)
    current = next((entry for entry in entries if entry.url == path), None)
    if current is None and view_name:
        current = next((entry for entry in entries if entry.covers(view_name)), None)
    groups: dict[str, list[MenuEntry]] = {}
    for entry in entries:
        if entry.group:
            groups.setdefault(entry.group, []).append(entry)
    menu: list[MenuLink] = []
    for entry in entries:
        members = groups.get(entry.group, [])
        if len(members) < 2:
            menu.append(MenuLink(entry.label, entry.url, entry is current))
        elif entry is members[0]:
            links = tuple(MenuLink(item.label, item.url, item is current) for item in members)
            menu.append(MenuLink(entry.group, "", current in members, links))
    return menu


# ---------------------------------------------------------------- homes

# Who the role is and what Lakou does for it; what is live comes from the apps.
ROLE_TEXTS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "public": (
        _l("Bienvenue sur Lakou"),
        _l(
            "Lakou rassemble l'offre de formation numérique de la Martinique, les ateliers près de chez "
            "vous et les besoins des entreprises du territoire."
        ),
    ),
    "person": (
        _l("Votre espace personnel"),
        _l("Ici, vous retrouverez vos formations, vos certificats et les conseils d'orientation."),
    ),
    "federation": (
        _l("Espace de la fédération du numérique"),
        _l("Coordonnez les acteurs, qualifiez l'offre et suivez les indicateurs du territoire."),
    ),
    "epci": (
        _l("Espace de votre communauté d'agglomération"),
        _l(
            "Relayez les campagnes dans vos communes, accueillez les ateliers et suivez votre territoire."
        ),
    ),
    "company": (
        _l("Espace entreprise"),
        _l(
            "Faites le point sur vos besoins en compétences numériques, proposez des stages et recrutez."
        ),
    ),
    "provider": (
        _l("Espace organisme de formation"),
        _l(
            "Publiez vos programmes et sessions, inscrivez vos apprenants et délivrez des certificats."
        ),
    ),
    "auditor": (
        _l("Espace cabinet d'audit"),
        _l("Réalisez les audits des entreprises et enregistrez leurs besoins en compétences."),
    ),
    "association": (
        _l("Espace médiation numérique"),
        _l(
            "Pour les médiatrices et médiateurs numériques qui accompagnent les habitants dans les "
            "communes."
        ),
    ),
    "town_hall": (
        _l("Espace mairie"),
        _l(
            "Inscrivez vos habitants aux ateliers numériques, même sans e-mail, et tenez à jour "
            "les lieux d'aide au numérique de votre commune."
        ),
    ),
}

# Said plainly where a role's own tools are not built yet.
ROLE_NOTES: dict[str, StrOrPromise] = {
    "association": _l(
        "Programmez vos ateliers dans les communes et inscrivez les participants depuis "
        "« Médiation numérique › Mes ateliers » ; tenez vos lieux à jour dans « Mes lieux de "
        "médiation ». Une médiatrice ou un médiateur note ses aides dans « Mes actes » et "
        "retrouve ses relevés mensuels dans « Mes relevés »."
    ),
}


def home_for(actor: Actor) -> HomePage:
    _discover()
    role = actor.role
    heading, intro = ROLE_TEXTS.get(role, ROLE_TEXTS["person"])
    items: list[LiveItem] = []
    steps: list[NextStep] = []
    for function in _homes.values():
        part = function(actor)
        items.extend(part.items)
        steps.extend(part.steps)
    items.sort(key=lambda item: item.order)
    steps.sort(key=lambda step: step.order)
    return HomePage(
        role=role,
        heading=str(heading),
        intro=str(intro),
        note=str(ROLE_NOTES.get(role, "")),
        items=[item for item in items if not item.is_empty],
        empty_items=[item for item in items if item.is_empty and item.empty],
        steps=steps,
    )
