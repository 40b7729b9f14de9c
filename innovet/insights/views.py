import hashlib
import json
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from innovet.geo.models import Province
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.participation import selectors as participation
from innovet.taxonomy.models import Term

from . import access, dashboard
from .indicators import INDICATORS
from .models import RefreshState, ScopeFact
from .registry import module_indicators
from .scope import Scope, school_year_label


class FilterForm(forms.Form):
    schooljaar = forms.TypedChoiceField(label=gettext_lazy("Schooljaar"), required=False, coerce=int, empty_value=None)
    provincie = forms.ModelChoiceField(
        label=gettext_lazy("Provincie"),
        queryset=Province.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=gettext_lazy("Alle provincies"),
    )
    domein = forms.ModelChoiceField(
        label=gettext_lazy("Studiedomein"),
        queryset=Term.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("Alle studiedomeinen"),
    )

    def __init__(self, data, *, provinces=None, domains=True):
        super().__init__(data)
        # From the small per-province summary, not the per-person one (over a million rows at scale).
        years = sorted(
            ScopeFact.objects.filter(school_year__isnull=False)
            .order_by()
            .values_list("school_year", flat=True)
            .distinct(),
            reverse=True,
        )
        self.fields["schooljaar"].choices = [("", _("Alle schooljaren"))] + [(y, school_year_label(y)) for y in years]
        if provinces is None:
            del self.fields["provincie"]
        else:
            self.fields["provincie"].queryset = provinces
        if domains:
            self.fields["domein"].queryset = Term.objects.of("studiedomein").active()
        else:
            del self.fields["domein"]

    def value(self, name):
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)


def _build(scope):
    """The dashboard's figures, kept in the shared cache until the worker's next rebuild (the key holds the
    rebuild's time) and at most INSIGHTS_CACHE_SECONDS (the catalogue, needs and materials figures are read
    live from their tables)."""
    seconds = getattr(settings, "INSIGHTS_CACHE_SECONDS", 600)
    if not seconds:
        return dashboard.build(scope)
    state = RefreshState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    key = "insights:" + hashlib.sha256(repr((state, scope.key(), get_language())).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = dashboard.build(scope)
        cache.set(key, data, seconds)
    return data


def _render(request, template, scope, context):
    data = _build(scope)
    export = request.GET.get("export")
    if export:
        table = data["by_key"].get(export)
        if table is None:
            raise Http404
        fmt = request.GET.get("formaat", "csv")
        name = f"inzichten-{export}"
        if fmt == "xlsx":
            response = HttpResponse(
                dashboard.export_xlsx(table),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        elif fmt == "csv":
            response = HttpResponse(dashboard.export_csv(table), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            raise Http404
        return response
    context.update(
        {
            "data": data,
            "scope": scope,
            "state": RefreshState.objects.filter(pk=1).first(),
            "year_label": school_year_label(scope.school_year) if scope.school_year else _("alle schooljaren"),
            "suppressed": scope.suppress,
            "small": dashboard.SMALL,
            "map_points_json": json.dumps(data["map_points"]),
        }
    )
    return render(request, template, context)


@login_required
def index(request):
    user = request.user
    links = []
    if access.is_department(user):
        links.append((_("Vlaanderen en Brussel"), "insights:department", None))
    for province in Province.objects.filter(pk__in=access.province_ids(user)).order_by("name"):
        links.append((_("Provincie %(name)s") % {"name": province.name}, "insights:province", province.slug))
    for school in access.schools(user):
        links.append((school.name, "insights:school", school.slug))
    for domain in Term.objects.filter(pk__in=access.domain_ids(user)).order_by("position", "label"):
        links.append((_("Studiedomein %(name)s") % {"name": domain.label}, "insights:domain", domain.code))
    if len(links) == 1:
        name, url, arg = links[0]
        return redirect(url, arg) if arg else redirect(url)
    return render(request, "insights/index.html", {"links": links})


def definitions(request):
    sections = {}
    for indicator in INDICATORS.values():
        sections.setdefault(str(indicator.section), []).append(indicator)
    modules = module_indicators()
    return render(request, "insights/definitions.html", {"sections": sections, "modules": modules})


@login_required
def department(request):
    if not request.user.has_perm("insights.view_all"):
        raise PermissionDenied
    form = FilterForm(request.GET or None, provinces=Province.objects.filter(in_scope=True))
    province = form.value("provincie")
    scope = Scope(
        school_year=form.value("schooljaar"),
        province_ids=[province.pk] if province else None,
        domain=form.value("domein"),
        label=_("Vlaanderen en Brussel"),
    )
    return _render(
        request,
        "insights/dashboard.html",
        scope,
        {"form": form, "title": _("Inzichten: Vlaanderen en Brussel"), "kind": "department"},
    )


@login_required
def province(request, slug):
    province = get_object_or_404(Province, slug=slug, in_scope=True)
    if not request.user.has_perm("insights.view_province", province):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    scope = Scope(
        school_year=form.value("schooljaar"),
        province_ids=[province.pk],
        domain=form.value("domein"),
        label=province.name,
    )
    others = Province.objects.filter(pk__in=access.province_ids(request.user)).exclude(pk=province.pk).order_by("name")
    return _render(
        request,
        "insights/dashboard.html",
        scope,
        {
            "form": form,
            "title": _("Inzichten: provincie %(name)s") % {"name": province.name},
            "kind": "province",
            "others": others,
        },
    )


@login_required
def school(request, slug):
    school = get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.SCHOOL)
    if not request.user.has_perm("insights.view_school", school):
        raise PermissionDenied
    form = FilterForm(request.GET or None, domains=False)
    scope = Scope(school_year=form.value("schooljaar"), school=school, suppress=False, label=school.name)
    # The school's own team, person by person: only this school's leadership gets here (rules).
    year = scope.school_year
    since, until = (date(year, 9, 1), date(year + 1, 8, 31)) if year else (None, None)
    team = participation.by_person(participation.participations(school=school, since=since, until=until))
    return _render(
        request,
        "insights/dashboard.html",
        scope,
        {"form": form, "title": _("Inzichten: %(name)s") % {"name": school.name}, "kind": "school", "team": team},
    )


@login_required
def domain(request, code):
    domain = get_object_or_404(Term.objects.of("studiedomein"), code=code)
    if not request.user.has_perm("insights.view_domain", domain):
        raise PermissionDenied
    form = FilterForm(request.GET or None, provinces=Province.objects.filter(in_scope=True), domains=False)
    province = form.value("provincie")
    scope = Scope(
        school_year=form.value("schooljaar"),
        province_ids=[province.pk] if province else None,
        domain=domain,
        label=domain.label,
    )
    return _render(
        request,
        "insights/dashboard.html",
        scope,
        {"form": form, "title": _("Inzichten: studiedomein %(name)s") % {"name": domain.label}, "kind": "domain"},
    )
