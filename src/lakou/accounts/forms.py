from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous rappeler à quoi il sert, par exemple « Tableur de suivi »."),
    )


class SignupForm(AllauthSignupForm):
    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        """A new account hashes its password; signing up again with a known address does too.

        Otherwise the answer for a known address comes back half a second sooner, which tells
        anyone who tries an address whether it has an account (the page itself says the same).
        """
        password = self.cleaned_data.get("password1")
        if self.account_already_exists and password:
            make_password(password)
        return super().try_save(request)
