from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def breakable(value: str) -> SafeString:
    """Lets a long address wrap after its slashes, so it fits a 320 px wide screen."""
    return mark_safe(escape(value).replace("/", "/<wbr>"))  # noqa: S308 - escaped just above
