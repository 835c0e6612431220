from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lakou.accounts.forms import ApiTokenForm
from lakou.accounts.models import ApiToken, Membership, Organisation
from lakou.accounts.services import api_token_create, api_token_revoke
from lakou.core.actor import ActorRequest
from lakou.core.confirm import Confirmation, confirmation_page, confirmed
from lakou.core.middleware import SESSION_ORGANISATION_KEY


def get_organisation_for_actor(request: ActorRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.actor), pk=pk)


def get_token_for_actor(request: ActorRequest, pk: int) -> ApiToken:
    return get_object_or_404(ApiToken.objects.visible_to(request.actor), pk=pk)


@require_POST
def organisation_switch(request: ActorRequest) -> HttpResponse:
    wanted = request.POST.get("organisation", "")
    membership = next(
        (m for m in request.actor.memberships if str(m.organisation_id) == wanted), None
    )
    if membership is None:
        messages.error(request, _("Vous n'êtes pas membre de cette organisation."))
    else:
        request.session[SESSION_ORGANISATION_KEY] = membership.organisation_id
        messages.success(
            request,
            _("Vous agissez maintenant pour %(name)s.") % {"name": membership.organisation.name},
        )
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_GET
def organisation_detail(request: ActorRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_actor(request, pk)
    members = Membership.objects.active().filter(organisation=organisation).select_related("user")
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members},
    )


@require_GET
def my_account(request: ActorRequest) -> HttpResponse:
    """« Mon compte »: where every setting of the account and each organisation is one link away."""
    user = request.actor.user
    assert user is not None  # the page requires a signed-in user, as every page by default
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return render(
        request,
        "accounts/my_account.html",
        {
            "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            "has_password": user.has_usable_password(),
            "has_totp": Authenticator.Type.TOTP in kinds,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in kinds,
            "active_tokens": ApiToken.objects.visible_to(request.actor)
            .filter(revoked_at__isnull=True)
            .count(),
            "memberships": request.actor.memberships,
        },
    )


@require_GET
def token_list(request: ActorRequest) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.actor).select_related("organisation")
    return render(request, "accounts/token_list.html", {"tokens": tokens, "form": ApiTokenForm()})


@require_http_methods(["POST"])
def token_create(request: ActorRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        tokens = ApiToken.objects.visible_to(request.actor).select_related("organisation")
        return render(
            request, "accounts/token_list.html", {"tokens": tokens, "form": form}, status=400
        )
    token, raw = api_token_create(actor=request.actor, name=form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@require_http_methods(["GET", "POST"])
def token_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    """A page says what revoking stops; its button (`confirme=oui`) revokes."""
    token = get_token_for_actor(request, pk)
    if token.is_revoked:
        messages.info(request, _("Le jeton « %(name)s » est déjà révoqué.") % {"name": token.name})
        return redirect("accounts:token_list")
    if not confirmed(request):
        tokens = reverse("accounts:token_list")
        return confirmation_page(
            request,
            Confirmation(
                title=_("Révoquer le jeton « %(name)s » ?") % {"name": token.name},
                paragraphs=[
                    _(
                        "Les logiciels qui utilisent ce jeton ne pourront plus se servir de "
                        "l'API : ils recevront une erreur 401."
                    )
                ],
                warning=_(
                    "La révocation est définitive : pour relier de nouveau un logiciel, il "
                    "faudra créer un autre jeton."
                ),
                confirm_label=_("Révoquer le jeton"),
                cancel_url=tokens,
                cancel_label=_("Garder le jeton"),
                breadcrumb=[(tokens, _("Jetons d'API"))],
            ),
        )
    api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:token_list")
