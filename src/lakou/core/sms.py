"""Text messages to mobile phones, through a backend chosen by `SMS_BACKEND`, like e-mails.

Code sends with `lakou.core.notifications.notify_by_sms` (checked now, sent by the worker after
the commit); `send_sms` sends at once and is what the worker's task calls.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lakou.core.validators import COUNTRY_CODES, PhoneError, normalise_phone, phone_display


class SmsRefused(ValueError):
    """This SMS cannot leave: not a mobile number, or a text too long; the message is French."""


class SmsGatewayError(RuntimeError):
    """The SMS gateway did not take the message (an answer other than 2xx, or no answer)."""


@dataclass(frozen=True)
class Sms:
    to: str  # E.164, a mobile: +596696123456
    text: str
    sender: str


# ---------------------------------------------------------------- who can receive one

# Arcep, plan national de numérotation (décision n° 2018-0881 modifiée, version du 1er septembre
# 2022): the mobile numbers are 06 and 073 to 079; 0700 is for 14-digit machine-to-machine lines.
# The overseas mobiles are 06 numbers too: 0690, 0691 (Guadeloupe, Saint-Martin, Saint-Barthélemy),
# 0694 (Guyane), 0696, 0697 (Martinique), 0692, 0693 (La Réunion), 0639 (Mayotte); `normalise_phone`
# gives them their own country code. Landlines (01-05, 0590, 0596, 0262…), 08 and 09 get no SMS.
# Saint-Pierre-et-Miquelon's mobiles are not in this plan's 10 digits: refused.
MOBILE_PREFIXES = ("06", *(f"07{digit}" for digit in range(3, 10)))


def _national(e164: str) -> str:
    code = next(code for code in COUNTRY_CODES if e164.startswith("+" + code))
    return "0" + e164[1 + len(code) :]


def mobile_number(text: str) -> str:
    """The E.164 form of a French mobile number (`+596696123456`); SmsRefused for any other."""
    try:
        number = normalise_phone(text)
    except PhoneError as error:
        raise SmsRefused(str(error)) from error
    if not number:
        raise SmsRefused(_("Aucun numéro de portable : un SMS ne peut pas partir."))
    if not _national(number).startswith(MOBILE_PREFIXES):
        raise SmsRefused(
            _(
                "Le %(number)s n'est pas un numéro de portable : un SMS ne part que vers un 06 "
                "ou un 07 (en Martinique, 0696 ou 0697)."
            )
            % {"number": phone_display(number)}
        )
    return number


def is_mobile_number(text: str) -> bool:
    """Whether `text` is a French mobile number, so a person can be reached by SMS."""
    try:
        mobile_number(text)
    except SmsRefused:
        return False
    return True


# ---------------------------------------------------------------- how long a text may be

# 3GPP TS 23.038: the GSM 7-bit alphabet and, at two septets each, its extension table.
# « », ’, â, ê, î, ô, û, ç, œ and the non-breaking spaces of French typography are not in it:
# a text with one of them is sent in UCS-2, 70 characters a message instead of 160.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
# A message alone holds 160 septets (GSM 7-bit) or 70 UTF-16 units (UCS-2); a long text is cut
# into parts that each lose room to the header joining them again: 153 and 67.
SINGLE_GSM7, PART_GSM7 = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67
# Three parts at most: 459 characters of plain French (201 with « » or â), room enough for a
# reminder with its place, its time and a number to call, at no more than three messages' cost.
MAX_SMS_PARTS = 3


def _units(text: str) -> tuple[list[int], int, int]:
    """The size of each character, which a cut never splits, and the two capacities."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        return [2 if char in GSM7_EXTENSION else 1 for char in text], SINGLE_GSM7, PART_GSM7
    return [2 if ord(char) > 0xFFFF else 1 for char in text], SINGLE_UCS2, PART_UCS2


# Characters French texts use that the GSM 7-bit alphabet lacks, and their nearest plain form:
# one of them would put the whole SMS in UCS-2 (70 characters a message instead of 160).
GSM7_PLAIN = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "—": "-",
        "–": "-",
        "…": "...",
        "°": "o",
        "â": "a",
        "ê": "e",
        "î": "i",
        "ô": "o",
        "û": "u",
        "ë": "e",
        "ï": "i",
        "ç": "c",
        "œ": "oe",
        "Œ": "OE",
        "Â": "A",
        "Ê": "E",
        "Î": "I",
        "Ô": "O",
        "Û": "U",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def gsm7_plain(text: str) -> str:
    """`text` with the French characters the GSM alphabet lacks replaced by their plain form
    (â → a, « » → ", — → -), so that it costs as few messages as it can. For a caller that
    chooses to: `send_sms` never changes a text by itself."""
    return text.translate(GSM7_PLAIN)


def sms_parts(text: str) -> int:
    """How many messages the network carries for `text` (each one is paid for)."""
    sizes, single, part = _units(text)
    if sum(sizes) <= single:
        return 1
    parts, room = 1, part
    for size in sizes:
        if size > room:
            parts, room = parts + 1, part
        room -= size
    return parts


def check_sms_text(text: str) -> None:
    """SmsRefused for an empty text or one longer than MAX_SMS_PARTS messages."""
    if not text.strip():
        raise SmsRefused(_("Le SMS est vide."))
    parts = sms_parts(text)
    if parts > MAX_SMS_PARTS:
        raise SmsRefused(
            _(
                "Le SMS est trop long : %(length)d caractères, soit %(parts)d messages ; "
                "%(max)d au plus, donc %(gsm)d caractères, ou %(ucs)d si le texte contient "
                "des caractères comme « », ’, â, ê, ç ou œ."
            )
            % {
                "length": len(text),
                "parts": parts,
                "max": MAX_SMS_PARTS,
                "gsm": MAX_SMS_PARTS * PART_GSM7,
                "ucs": MAX_SMS_PARTS * PART_UCS2,
            }
        )


# ---------------------------------------------------------------- sending


def send_sms(to: str, text: str) -> None:
    """Send `text` to the mobile `to` now, through the SMS_BACKEND; SmsRefused if it cannot go."""
    number = mobile_number(to)
    check_sms_text(text)
    get_sms_backend().send(Sms(to=number, text=text, sender=str(settings.SMS_GATEWAY["sender"])))


def get_sms_backend() -> BaseSmsBackend:
    backend_class: type[BaseSmsBackend] = import_string(settings.SMS_BACKEND)
    return backend_class()


class BaseSmsBackend(ABC):
    """What every SMS backend does: send one message (the settings' SMS_BACKEND picks one)."""

    @abstractmethod
    def send(self, sms: Sms) -> None:
        """Send `sms`, or raise SmsGatewayError."""


class ConsoleBackend(BaseSmsBackend):
    """Prints each SMS in the terminal: in the demo, that is where people read them."""

    _lock = threading.Lock()

    def send(self, sms: Sms) -> None:
        parts = sms_parts(sms.text)
        lines = [
            f"SMS pour : {phone_display(sms.to)} ({sms.to})",
            f"De : {sms.sender}",
            f"{len(sms.text)} caractères, {parts} message{'s' if parts > 1 else ''}",
            "",
            sms.text,
            "-" * 79,
            "",
        ]
        with self._lock:
            sys.stdout.write("\n".join(lines))
            sys.stdout.flush()


# Every SMS the LocmemBackend sent, in order (tests empty it, as Django does `mail.outbox`).
outbox: list[Sms] = []


class LocmemBackend(BaseSmsBackend):
    """Keeps each SMS in `lakou.core.sms.outbox`: for tests."""

    def send(self, sms: Sms) -> None:
        outbox.append(sms)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would carry the token elsewhere, or lose its body: an answer to report."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


class HttpGatewayBackend(BaseSmsBackend):
    """POSTs `{"to", "text", "sender"}` as JSON to SMS_GATEWAY["url"], with a bearer token."""

    def __init__(self) -> None:
        options: dict[str, Any] = settings.SMS_GATEWAY
        self.url = str(options["url"])
        self.token = str(options["token"])
        self.timeout = float(options["timeout"])
        parts = urlsplit(self.url)
        # The token is a password: in the clear only to a gateway on the same machine.
        if not (
            parts.scheme == "https"
            or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)
        ):
            raise ImproperlyConfigured(
                "SMS_GATEWAY_URL doit être une adresse https:// (http:// seulement vers la machine "
                f"elle-même) : {self.url!r}."
            )
        if not self.token:
            raise ImproperlyConfigured("SMS_GATEWAY_TOKEN doit être défini pour envoyer des SMS.")

    def send(self, sms: Sms) -> None:
        body = json.dumps(
            {"to": sms.to, "text": sms.text, "sender": sms.sender}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                response.read()
        except HTTPError as error:
            with error:
                detail = error.read(500).decode("utf-8", "replace").strip()
            raise SmsGatewayError(
                f"La passerelle SMS a refusé le message pour {sms.to} : "
                f"HTTP {error.code} {error.reason}" + (f" — {detail}" if detail else "")
            ) from error
        except (URLError, http.client.HTTPException, OSError) as error:
            raise SmsGatewayError(
                f"La passerelle SMS {self.url} ne répond pas ({error}) : SMS pour {sms.to} non envoyé."
            ) from error
