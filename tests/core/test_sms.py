"""SMS: who can receive one, how long it may be, the backends, and sending after the commit."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from lakou.core import sms
from lakou.core.notifications import emails_held_back, notify_by_sms
from lakou.core.sms import (
    Sms,
    SmsGatewayError,
    SmsRefused,
    is_mobile_number,
    mobile_number,
    send_sms,
    sms_parts,
)
from tests.tasks import run_worker

REMINDER = (
    "Rappel : atelier « Mon smartphone » demain 9 h à la médiathèque du Lamentin. "
    "Pour annuler : 0596 12 34 56."
)
MARTINIQUE_MOBILE = "+596696123456"


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0696 12 34 56", "+596696123456"),
        ("0696123456", "+596696123456"),
        ("+596 696 12 34 56", "+596696123456"),
        ("00596 696-12-34-56", "+596696123456"),
        ("0697.12.34.56", "+596697123456"),
        ("06 12 34 56 78", "+33612345678"),
        ("+33 (0)7 81 23 45 67", "+33781234567"),
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0691 12 34 56", "+590691123456"),
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0693 12 34 56", "+262693123456"),
        ("0639 12 34 56", "+262639123456"),  # Mayotte
    ],
)
def test_a_mobile_number_is_accepted_and_written_in_e164(typed: str, number: str) -> None:
    assert mobile_number(typed) == number
    assert is_mobile_number(typed)


@pytest.mark.parametrize(
    "landline",
    [
        "0596 12 34 56",  # Martinique, fixed
        "0590 12 34 56",
        "0262 12 34 56",
        "01 23 45 67 89",
        "09 51 23 45 67",  # internet boxes
        "08 00 12 34 56",
        "07 01 23 45 67",  # 070 to 072 are no mobile numbers
    ],
)
def test_a_number_that_is_not_a_mobile_is_refused_in_french(landline: str) -> None:
    with pytest.raises(SmsRefused, match="n'est pas un numéro de portable") as refused:
        mobile_number(landline)
    assert landline in str(refused.value)  # said back in the national form
    assert not is_mobile_number(landline)


def test_a_number_that_is_no_phone_number_at_all_says_how_to_write_one() -> None:
    with pytest.raises(SmsRefused, match="écrivez par exemple 0696 12 34 56"):
        mobile_number("0696 12 34")
    with pytest.raises(SmsRefused, match="Aucun numéro de portable"):
        mobile_number("  ")


def test_nothing_is_sent_to_a_landline() -> None:
    with pytest.raises(SmsRefused):
        send_sms("0596 12 34 56", REMINDER)
    assert sms.outbox == []


# ---------------------------------------------------------------- length


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("é" * 306, 2),  # é is in the GSM alphabet
        ("a" * 459, 3),
        ("€" * 80, 1),  # two septets each
        ("€" * 81, 2),
        ("a" * 152 + "€" * 77, 3),  # a € is never cut in two: the first part ends one short
        ("«" + "a" * 69, 1),  # « » are not: 70 a message
        ("«" + "a" * 70, 2),
        ("ê" * 201, 3),
        (REMINDER, 2),
        (REMINDER.replace("«", '"').replace("»", '"'), 1),
    ],
)
def test_a_text_counts_the_messages_the_network_carries(text: str, parts: int) -> None:
    assert sms_parts(text) == parts


def test_a_text_of_three_messages_is_sent() -> None:
    send_sms(MARTINIQUE_MOBILE, "a" * 459)
    send_sms(MARTINIQUE_MOBILE, "ê" * 201)
    assert [len(message.text) for message in sms.outbox] == [459, 201]


@pytest.mark.parametrize("text", ["a" * 460, "ê" * 202])
def test_a_text_longer_than_three_messages_is_refused(text: str) -> None:
    with pytest.raises(SmsRefused, match=r"Le SMS est trop long .* 4 messages ; 3 au plus"):
        send_sms(MARTINIQUE_MOBILE, text)
    assert sms.outbox == []


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(SmsRefused, match="Le SMS est vide"):
        send_sms(MARTINIQUE_MOBILE, " \n")


# ---------------------------------------------------------------- console and locmem


def test_the_console_prints_the_sms_for_the_demo(settings: Any, capsys: Any) -> None:
    settings.SMS_BACKEND = "lakou.core.sms.ConsoleBackend"
    send_sms("0696 12 34 56", REMINDER)
    printed = capsys.readouterr().out
    assert "SMS pour : 0696 12 34 56 (+596696123456)" in printed
    assert "De : Lakou" in printed
    assert "106 caractères, 2 messages" in printed
    assert REMINDER in printed


def test_the_locmem_backend_keeps_the_sms_in_the_outbox() -> None:
    send_sms("0696 12 34 56", REMINDER)
    assert sms.outbox == [Sms(to=MARTINIQUE_MOBILE, text=REMINDER, sender="Lakou")]


# ---------------------------------------------------------------- the HTTP gateway


@dataclass
class Gateway:
    """An SMS gateway on 127.0.0.1 that answers `status` and remembers each request."""

    url: str
    status: int = 200
    answer: bytes = b'{"id": "msg-1"}'
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
            )
            self.send_response(state.status)
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(state.answer)))
            self.end_headers()
            self.wfile.write(state.answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Gateway(url=f"http://127.0.0.1:{server.server_port}/v1/sms")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "lakou.core.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY = {
        "url": state.url,
        "token": "jeton-secret",
        "sender": "Lakou",
        "timeout": 5,
    }
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_gateway_receives_the_sms_as_json_with_the_bearer_token(gateway: Gateway) -> None:
    send_sms("0696 12 34 56", REMINDER)
    [request] = gateway.requests
    assert request["path"] == "/v1/sms"
    assert request["headers"]["Authorization"] == "Bearer jeton-secret"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(request["body"]) == {
        "to": "+596696123456",
        "text": REMINDER,
        "sender": "Lakou",
    }


def test_a_gateway_error_is_raised_with_its_status_and_answer(gateway: Gateway) -> None:
    gateway.status, gateway.answer = 500, b"quota exceeded"
    with pytest.raises(SmsGatewayError, match=r"HTTP 500 .* quota exceeded") as error:
        send_sms("0696 12 34 56", REMINDER)
    assert "+596696123456" in str(error.value)


def test_a_redirect_is_an_error_and_the_token_does_not_follow_it(gateway: Gateway) -> None:
    gateway.status, gateway.answer = 302, b""
    gateway.headers = {"Location": gateway.url + "/elsewhere"}
    with pytest.raises(SmsGatewayError, match="HTTP 302"):
        send_sms("0696 12 34 56", REMINDER)
    assert [request["path"] for request in gateway.requests] == ["/v1/sms"]


def test_a_gateway_that_does_not_answer_is_an_error(gateway: Gateway, settings: Any) -> None:
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = closed.server_port
    closed.server_close()
    settings.SMS_GATEWAY = {**settings.SMS_GATEWAY, "url": f"http://127.0.0.1:{port}/"}
    with pytest.raises(SmsGatewayError, match="ne répond pas"):
        send_sms("0696 12 34 56", REMINDER)


@pytest.mark.parametrize(
    ("url", "token", "problem"),
    [
        ("http://sms.example.org/v1/sms", "jeton", "https://"),
        ("file:///etc/passwd", "jeton", "https://"),
        ("", "jeton", "https://"),
        ("https://sms.example.org/v1/sms", "", "SMS_GATEWAY_TOKEN"),
    ],
)
def test_the_gateway_needs_https_and_a_token(
    settings: Any, url: str, token: str, problem: str
) -> None:
    settings.SMS_BACKEND = "lakou.core.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY = {"url": url, "token": token, "sender": "Lakou", "timeout": 5}
    with pytest.raises(ImproperlyConfigured, match=problem):
        send_sms("0696 12 34 56", REMINDER)


# ---------------------------------------------------------------- after the commit, by the worker


@pytest.mark.django_db(transaction=True)
def test_notify_by_sms_sends_through_the_worker_after_the_commit() -> None:
    with transaction.atomic():
        notify_by_sms("0696 12 34 56", REMINDER)
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 1
    assert sms.outbox == []

    run_worker()

    assert sms.outbox == [Sms(to=MARTINIQUE_MOBILE, text=REMINDER, sender="Lakou")]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_notify_by_sms_sends_nothing_when_the_transaction_is_rolled_back() -> None:
    def notify_then_fail() -> None:
        with transaction.atomic():
            notify_by_sms("0696 12 34 56", REMINDER)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        notify_then_fail()
    run_worker()
    assert DBTaskResult.objects.count() == 0
    assert sms.outbox == []


@pytest.mark.django_db(transaction=True)
def test_notify_by_sms_sends_nothing_while_messages_are_held_back() -> None:
    with emails_held_back(), transaction.atomic():
        notify_by_sms("0696 12 34 56", REMINDER)
    run_worker()
    assert DBTaskResult.objects.count() == 0
    assert sms.outbox == []


def test_notify_by_sms_refuses_a_landline_at_once_even_when_held_back() -> None:
    with emails_held_back(), pytest.raises(SmsRefused, match="n'est pas un numéro de portable"):
        notify_by_sms("0596 12 34 56", REMINDER)


@pytest.mark.django_db(transaction=True)
def test_a_gateway_error_fails_the_task_for_the_operator_to_see(gateway: Gateway) -> None:
    gateway.status = 500
    with transaction.atomic():
        notify_by_sms("0696 12 34 56", REMINDER)
    run_worker()
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert result.exception_class_path == "lakou.core.sms.SmsGatewayError"
    assert "HTTP 500" in result.traceback
    assert len(gateway.requests) == 1


def test_a_french_text_is_made_plain_for_the_gsm_alphabet() -> None:
    from lakou.core.sms import gsm7_plain, sms_parts

    text = "Atelier « Mon téléphone » — août, 9 h ; à bientôt… l’équipe, n° 3, Hôtel, leçon"
    plain = gsm7_plain(text)
    assert (
        plain
        == 'Atelier " Mon téléphone " - aout, 9 h ; à bientot... l\'équipe, no 3, Hotel, lecon'
    )
    assert sms_parts(plain * 2) == 2  # 160 septets a message again (UCS-2 would take 4)
