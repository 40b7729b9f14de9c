from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from innovet.organisations.models import Organisation

from . import selectors


@login_required
def mine(request):
    qs = selectors.participations(person=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "participation/mine.html",
        {"page": page, "totals": selectors.summary(qs), "schools": selectors.led_schools(request.user)},
    )


@login_required
def school(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("participation.view_school", organisation):
        raise PermissionDenied
    qs = selectors.participations(school=organisation)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "participation/school.html",
        {
            "school": organisation,
            "page": page,
            "totals": selectors.summary(qs),
            "people": selectors.by_person(qs),
            "roles": selectors.by_role(qs),
        },
    )
