from __future__ import annotations

import io

from django.core.mail import EmailMessage

from lakou.core.mail import ReadableConsoleBackend

LINK = "http://127.0.0.1:8000/formations/suivi/0123456789abcdef0123456789abcdef0123456789abcdef/"


def test_the_terminal_shows_the_e_mail_decoded_with_its_links_whole() -> None:
    stream = io.StringIO()
    message = EmailMessage(
        subject="[Lakou] Votre inscription est acceptée",
        body=f"Bonjour Hélène,\n\nVotre réponse à la formation « Débuter » : {LINK}\n",
        to=["helene@example.org"],
    )
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: [Lakou] Votre inscription est acceptée" in printed
    assert "Bonjour Hélène" in printed
    assert LINK in printed
    assert "=C3=A9" not in printed
    assert "To: helene@example.org" in printed
