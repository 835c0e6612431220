"""A second step before an irreversible or mass action, without JavaScript.

The action's button leads to a page (GET) that says what will happen, with counts; its form
posts back `confirme=oui`. A POST without that field (an old page, a script, a double click on a
form that skipped the page) shows the same page again instead of acting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.shortcuts import render

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse
    from django_stubs_ext import StrOrPromise

CONFIRM_FIELD = "confirme"
CONFIRM_VALUE = "oui"


def confirmed(request: HttpRequest) -> bool:
    """Did the person press the confirmation page's button?"""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


@dataclass
class Confirmation:
    """What the confirmation page says: a question, what follows, the figures, two ways out."""

    title: StrOrPromise
    confirm_label: StrOrPromise
    cancel_url: str
    cancel_label: StrOrPromise
    paragraphs: Sequence[StrOrPromise] = ()
    # What cannot be undone, shown as a notice just above the button.
    warning: StrOrPromise = ""
    facts: Sequence[tuple[StrOrPromise, object]] = ()
    # Fields the action's own form posted (name, value), posted again with the confirmation.
    hidden: Sequence[tuple[str, str]] = ()
    # A form the action needs (a reason); drawn above the button, posted with it.
    form: forms.Form | None = None
    # False when there is nothing to do: the page explains why and offers only the way back.
    can_confirm: bool = True
    breadcrumb: Sequence[tuple[str, StrOrPromise]] = ()


def confirmation_page(
    request: HttpRequest, confirmation: Confirmation, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "core/confirm.html",
        {
            "confirmation": confirmation,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
        status=status,
    )
