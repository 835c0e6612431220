"""`{{ name|de_name }}`: « de Piton », « d'Électricité Piton »; `{{ number|phone }}`: « 0696 12 34 56 »."""

from __future__ import annotations

from django import template

from lakou.core import french
from lakou.core.validators import phone_display

register = template.Library()


@register.filter
def de_name(name: object) -> str:
    return french.de_name(str(name))


@register.filter
def phone(number: object) -> str:
    """A stored number (+596696123456) in the national form people read and dial."""
    return phone_display(str(number or ""))
