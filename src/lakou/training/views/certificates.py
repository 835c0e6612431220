"""Certificate pages: public verification (by address, QR code or file), downloads for the learner
and the provider, and the provider's issue, list and revoke pages."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lakou.core.actor import ActorRequest
from lakou.core.french import de_name
from lakou.training.credentials import CredentialInvalid
from lakou.training.errors import TrainingError
from lakou.training.forms.certificates import (
    CertificateCheckForm,
    CertificateIssueForm,
    CertificateRevokeForm,
)
from lakou.training.models import Certificate, Enrolment
from lakou.training.perms import certificates as perms_certificates
from lakou.training.services.certificate_pdf import certificate_pdf as render_certificate_pdf
from lakou.training.services.certificates import (
    INVALID,
    certificate_check_token,
    certificate_url,
)
from lakou.training.services.certificates import (
    certificate_issue as issue,
)
from lakou.training.services.certificates import (
    certificate_revoke as revoke,
)
from lakou.training.services.certificates import (
    certificate_verify as verify,
)

LIST_PAGE_SIZE = 50

# ---------------------------------------------------------------- fetch helpers


def _require_provider(request: ActorRequest) -> None:
    if not request.actor.is_provider:
        raise PermissionDenied


def get_enrolment_to_certify(request: ActorRequest, pk: int) -> Enrolment:
    """An enrolment in a session of the actor's provider: 404 if the actor cannot see it
    (another provider's, someone else's), 403 for the learner themself."""
    enrolments = Enrolment.objects.visible_to(request.actor).select_related(
        "learner", "session__programme__provider"
    )
    enrolment = get_object_or_404(enrolments, pk=pk)
    if not perms_certificates.can_issue_certificate(request.actor, enrolment.session.programme):
        raise PermissionDenied
    return enrolment


def get_certificate_to_manage(request: ActorRequest, uid: UUID) -> Certificate:
    """A certificate issued by the actor's provider (another provider's is a 404)."""
    _require_provider(request)
    certificates = Certificate.objects.of_provider(request.actor.organisation_id)
    return get_object_or_404(certificates.select_related("provider"), uid=uid)


def get_certificate_to_download(request: ActorRequest, uid: UUID) -> Certificate:
    """The learner's own certificate, or one the actor's provider issued; anyone else gets a 404."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("programme", "provider"), uid=uid
    )
    if not perms_certificates.can_download_certificate(request.actor, certificate):
        raise Http404
    return certificate


def _not_indexed(response: HttpResponse) -> HttpResponse:
    # The page names a person: reachable by its address, kept out of search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# ---------------------------------------------------------------- public pages


@login_not_required
@require_GET
def certificate_verify(request: ActorRequest, uid: UUID) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.select_related("provider"), uid=uid)
    verification = verify(certificate)
    response = render(
        request,
        "training/certificates/verify.html",
        {
            "verification": verification,
            "certificate": certificate,
            "invalid": verification.state == INVALID,
            "can_download": perms_certificates.can_download_certificate(request.actor, certificate),
        },
    )
    return _not_indexed(response)


@login_not_required
@require_http_methods(["GET", "POST"])
def certificate_check(request: ActorRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = CertificateCheckForm(request.POST if posted else None, request.FILES if posted else None)
    verification = None
    if request.method == "POST" and form.is_valid():
        try:
            verification = certificate_check_token(form.cleaned_data["credential"])
        except CredentialInvalid as error:
            form.add_error(form.cleaned_data["source"], error.reason)
    status = 400 if request.method == "POST" and form.errors else 200
    response = render(
        request,
        "training/certificates/check.html",
        {
            "form": form,
            "verification": verification,
            "invalid": verification is not None and verification.state == INVALID,
        },
        status=status,
    )
    return _not_indexed(response)


# ---------------------------------------------------------------- learner and provider downloads


@require_GET
def certificate_pdf(request: ActorRequest, uid: UUID) -> HttpResponse:
    certificate = get_certificate_to_download(request, uid)
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificat-{certificate.uid}.pdf"'
    return response


@require_GET
def certificate_jwt(request: ActorRequest, uid: UUID) -> HttpResponse:
    certificate = get_certificate_to_download(request, uid)
    response = HttpResponse(certificate.token, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="certificat-{certificate.uid}.jwt"'
    return response


# ---------------------------------------------------------------- provider pages


@require_GET
def certificate_list(request: ActorRequest) -> HttpResponse:
    _require_provider(request)
    certificates = Certificate.objects.of_provider(request.actor.organisation_id).order_by(
        "-issued_on", "-pk"
    )
    page = Paginator(certificates, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/certificates/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def certificate_issue(request: ActorRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_to_certify(request, pk)
    form = CertificateIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = issue(
                actor=request.actor,
                enrolment=enrolment,
                valid_until=form.cleaned_data["valid_until"],
            )
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Certificat délivré à %(name)s ; un e-mail lui a été envoyé.")
                % {"name": certificate.learner_name},
            )
            return redirect("training:certificate_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/certificates/issue.html",
        {"form": form, "enrolment": enrolment, "programme": enrolment.session.programme},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def certificate_revoke(request: ActorRequest, uid: UUID) -> HttpResponse:
    certificate = get_certificate_to_manage(request, uid)
    form = CertificateRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke(actor=request.actor, certificate=certificate, reason=form.cleaned_data["reason"])
        except TrainingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Le certificat %(of_name)s est révoqué.")
                % {"of_name": de_name(certificate.learner_name)},
            )
            return redirect("training:certificate_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/certificates/revoke.html",
        {"form": form, "certificate": certificate, "url": certificate_url(certificate)},
        status=status,
    )
