"""Public reference pages: skill frameworks and ROME digital occupations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from lakou.skills.forms import OccupationFilterForm
from lakou.skills.models import Competence, Framework, Occupation, ProficiencyLevel

OCCUPATIONS_PER_PAGE = 25


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.with_counts()
    return render(
        request,
        "skills/index.html",
        {"frameworks": frameworks, "occupation_count": Occupation.objects.count()},
    )


@require_GET
@login_not_required
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.with_contents(), code=code)
    return render(request, "skills/framework_detail.html", {"framework": framework})


@require_GET
@login_not_required
def competence_detail(request: HttpRequest, framework_code: str, code: str) -> HttpResponse:
    competence = get_object_or_404(
        Competence.objects.with_framework(), framework__code=framework_code, code=code
    )
    levels = ProficiencyLevel.objects.filter(framework=competence.framework).order_by("rank")
    return render(
        request, "skills/competence_detail.html", {"competence": competence, "levels": levels}
    )


@require_GET
@login_not_required
def occupation_list(request: HtmxRequest) -> HttpResponse:
    form = OccupationFilterForm(request.GET, domains=Occupation.objects.domains())
    text, domain = form.filters()
    occupations = Occupation.objects.search(text).in_domain(domain).with_title_count()
    page = Paginator(occupations, OCCUPATIONS_PER_PAGE).get_page(request.GET.get("page"))
    template = "skills/occupation_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "filtered": bool(text or domain)},
    )


@require_GET
@login_not_required
def occupation_detail(request: HttpRequest, code_rome: str) -> HttpResponse:
    occupation = get_object_or_404(Occupation.objects.with_titles(), code_rome=code_rome)
    return render(request, "skills/occupation_detail.html", {"occupation": occupation})
