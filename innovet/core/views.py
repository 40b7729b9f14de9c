from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render

from innovet.geo.models import Province
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.organisations.permissions import memberships, rtc_province_ids

from . import dashboard as dashboard_registry
from . import navigation
from .page_cache import public_page


@public_page
def home(request):
    counts = dict(Organisation.objects.active().order_by().values_list("kind").annotate(n=Count("id")))
    rtcs = Organisation.objects.active().filter(kind=OrganisationKind.RTC).select_related("province", "served_province")
    return render(
        request,
        "core/home.html",
        {
            "school_count": counts.get(OrganisationKind.SCHOOL, 0),
            "company_count": counts.get(OrganisationKind.COMPANY, 0),
            "partner_count": sum(counts.values()),
            "rtcs": rtcs,
            "modules": navigation.modules(navigation.main_navigation(request)),
        },
    )


@login_required
def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {
            "memberships": memberships(request.user),
            "rtc_provinces": Province.objects.filter(id__in=rtc_province_ids(request.user)),
            "panels": dashboard_registry.panels(request),
        },
    )


def about_data(request):
    return render(request, "core/about_data.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def favicon(request):
    """Browsers and crawlers ask /favicon.ico whatever the page says: send them to the icon."""
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)
