from __future__ import annotations

from functools import partial
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.ratelimit import get_ip
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest

from lakou.core.notifications import emails_are_held_back
from lakou.core.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Rendered now, sent by the worker once the transaction commits.

        Sent inside the request, an e-mail's cost would differ between "this address has an
        account" and "it has none"; queued, both answers take the same time (and SMTP being slow
        or down no longer slows or breaks the login pages).
        """
        if emails_are_held_back():
            return
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        # Our templates are text only (render_mail would add an HTML part for `.html` ones).
        transaction.on_commit(
            partial(send_email.enqueue, to=message.to, subject=message.subject, body=message.body)
        )

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per account *and* client address.

        allauth counts them per account alone, so five wrong passwords typed by anyone, from
        anywhere, locked the owner out. Per address, a stranger only locks themselves out; the
        per-address limits of ACCOUNT_RATE_LIMITS still stop one address trying many accounts.
        """
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"
