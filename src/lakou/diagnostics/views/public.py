"""The public list of the questionnaires anyone may answer today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lakou.core.actor import ActorRequest
from lakou.diagnostics.services.overview import open_public_campaigns


@login_not_required
@require_GET
def open_questionnaires(request: ActorRequest) -> HttpResponse:
    campaigns = open_public_campaigns(today=timezone.localdate())
    return render(request, "diagnostics/campaigns/open_public.html", {"campaigns": campaigns})
