"""A console e-mail backend people can read: headers decoded, text body as written, links whole."""

from __future__ import annotations

from email.header import decode_header, make_header

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

HEADERS_SHOWN = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


class ReadableConsoleBackend(EmailBackend):
    """Quoted-printable cuts links with `=` and shows `=C3=A9` for é: print the decoded text instead."""

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(readable_email(message))
        self.stream.write("\n" + "-" * 79 + "\n")


def readable_email(message: EmailMessage) -> str:
    mime = message.message()
    lines = [
        f"{name}: {make_header(decode_header(str(mime[name])))}"
        for name in HEADERS_SHOWN
        if mime[name] is not None
    ]
    lines.append("")
    lines.append(str(message.body))
    attachments = [attachment[0] for attachment in message.attachments if attachment]
    if attachments:
        lines.append("")
        lines.extend(f"[pièce jointe : {name}]" for name in attachments)
    return "\n".join(lines)
