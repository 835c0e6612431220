"""NAF rév. 2 sections (A to U) from the division, the first two digits of the NAF code."""

from __future__ import annotations

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

# (section, first division, last division, label)
_SECTIONS = (
    ("A", 1, 3, _("Agriculture, sylviculture et pêche")),
    ("B", 5, 9, _("Industries extractives")),
    ("C", 10, 33, _("Industrie manufacturière")),
    ("D", 35, 35, _("Électricité, gaz, vapeur et air conditionné")),
    ("E", 36, 39, _("Eau, assainissement, déchets et dépollution")),
    ("F", 41, 43, _("Construction")),
    ("G", 45, 47, _("Commerce ; réparation d'automobiles et de motocycles")),
    ("H", 49, 53, _("Transports et entreposage")),
    ("I", 55, 56, _("Hébergement et restauration")),
    ("J", 58, 63, _("Information et communication")),
    ("K", 64, 66, _("Activités financières et d'assurance")),
    ("L", 68, 68, _("Activités immobilières")),
    ("M", 69, 75, _("Activités spécialisées, scientifiques et techniques")),
    ("N", 77, 82, _("Activités de services administratifs et de soutien")),
    ("O", 84, 84, _("Administration publique")),
    ("P", 85, 85, _("Enseignement")),
    ("Q", 86, 88, _("Santé humaine et action sociale")),
    ("R", 90, 93, _("Arts, spectacles et activités récréatives")),
    ("S", 94, 96, _("Autres activités de services")),
    ("T", 97, 98, _("Activités des ménages en tant qu'employeurs")),
    ("U", 99, 99, _("Activités extra-territoriales")),
)

SECTION_LABELS = {section: label for section, _first, _last, label in _SECTIONS}
DIVISION_TO_SECTION = {
    f"{division:02d}": section
    for section, first, last, _label in _SECTIONS
    for division in range(first, last + 1)
}


def section_of(naf_code: str) -> str | None:
    """`62.01Z` → `J`; None for an empty or unknown code."""
    return DIVISION_TO_SECTION.get((naf_code or "")[:2])


def section_label(section: str | None) -> str:
    if section is None:
        return str(_("secteur inconnu"))
    return f"{section} — {SECTION_LABELS[section]}"


def divisions_of(section: str) -> list[str]:
    return [division for division, of in DIVISION_TO_SECTION.items() if of == section]


def in_section_q(section: str, field: str = "naf_code") -> Q:
    """Rows whose NAF code falls in `section`, for a queryset filter."""
    query = Q(pk__in=[])
    for division in divisions_of(section):
        query |= Q(**{f"{field}__startswith": division})
    return query


def section_expression(field: str = "naf_code") -> Case:
    """SQL expression giving the NAF section letter of `field` (empty when unknown)."""
    division = Substr(field, 1, 2)
    return Case(
        *(
            When(In(division, divisions_of(section)), then=Value(section))
            for section in SECTION_LABELS
        ),
        default=Value(""),
        output_field=CharField(),
    )
