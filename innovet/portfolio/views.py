from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.organisations.models import Organisation

from . import pdf, selectors, services


def _no_index(response):
    # A shared portfolio is for the people who get the link, not for search engines or referrers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def mine(request):
    if not request.user.has_perm("portfolio.view_portfolio", request.user):
        raise PermissionDenied
    settings = selectors.settings_for(request.user)
    share_url = (
        request.build_absolute_uri(reverse("portfolio:shared", args=[settings.share_token]))
        if settings.share_token
        else ""
    )
    return render(
        request,
        "portfolio/mine.html",
        {"data": selectors.portfolio(request.user), "settings": settings, "share_url": share_url},
    )


@login_required
@require_POST
def share(request):
    services.share_portfolio(request.user)
    messages.success(request, _("Je portfolio is nu te bekijken via de link hieronder. Je kunt hem altijd intrekken."))
    return redirect("portfolio:mine")


@login_required
@require_POST
def revoke(request):
    services.revoke_share(request.user)
    messages.success(request, _("De link is ingetrokken: niemand kan je portfolio nog openen via die link."))
    return redirect("portfolio:mine")


@login_required
@require_POST
def school_profile_name(request):
    value = request.POST.get("name_on_school_profile") == "1"
    services.set_name_on_school_profile(request.user, value)
    if value:
        messages.success(request, _("Je naam staat voortaan bij je badges op het profiel van je school."))
    else:
        messages.success(request, _("Je badges tellen mee op het profiel van je school, zonder je naam."))
    return redirect("portfolio:mine")


def _pdf_response(data, shared_url=""):
    person = data["person"]
    response = HttpResponse(pdf.render_portfolio(data, shared_url=shared_url), content_type="application/pdf")
    name = slugify(person.get_full_name() or "portfolio") or "portfolio"
    response["Content-Disposition"] = f'attachment; filename="portfolio-{name}.pdf"'
    return response


@login_required
def pdf_mine(request):
    if not request.user.has_perm("portfolio.view_portfolio", request.user):
        raise PermissionDenied
    return _pdf_response(selectors.portfolio(request.user))


def _shared(token):
    settings = selectors.shared_settings(token)
    if settings is None:
        raise Http404(_("Deze link naar een portfolio bestaat niet (meer)."))
    return settings


def shared(request, token):
    settings = _shared(token)
    response = render(
        request,
        "portfolio/shared.html",
        {"data": selectors.portfolio(settings.user), "token": token, "settings": settings},
    )
    return _no_index(response)


def shared_pdf(request, token):
    settings = _shared(token)
    url = request.build_absolute_uri(reverse("portfolio:shared", args=[token]))
    return _no_index(_pdf_response(selectors.portfolio(settings.user), shared_url=url))


def organisation_profile(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("province", "onderwijsnet"), slug=slug, is_active=True
    )
    return render(request, "portfolio/profile.html", selectors.profile(organisation))
