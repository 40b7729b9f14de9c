from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.forms import add_service_errors
from innovet.matching.models import Need
from innovet.organisations.models import Organisation, OrganisationKind

from . import selectors, services
from .forms import AllocationForm, BudgetForm, CloseYearForm, CostForm, PlanForm, PriorityEditForm, PriorityForm
from .models import Cost, Priority, valid_school_year

PER_PAGE = 50


def _school(request, slug, perm="budget.view_budget"):
    school = get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.SCHOOL)
    if not request.user.has_perm(perm, school):
        raise PermissionDenied
    return school


def _budget(request, slug, year, perm="budget.view_budget"):
    school = _school(request, slug, perm)
    if not valid_school_year(year):
        raise Http404
    budget = selectors.get_budget(school, year)
    if budget is None:
        raise Http404
    return budget


def _members(school):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organisation=school, is_active=True)
        .order_by("last_name", "first_name")
    )


@login_required
def index(request):
    schools = selectors.managed_schools(request.user)
    if len(schools) == 1:
        return redirect("budget:school", slug=schools[0].slug)
    return render(request, "budget/index.html", {"schools": schools})


@login_required
def school(request, slug):
    school = _school(request, slug)
    can_change = request.user.has_perm("budget.change_budget", school)
    form = BudgetForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                budget = services.set_budget(
                    request.user, school, data["school_year"], data["amount"], data["approval_threshold"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Het nascholingsbudget %(year)s is bewaard.") % {"year": budget.school_year}
                )
                return redirect("budget:year", slug=school.slug, year=budget.school_year)
    rows = [{"budget": b, "totals": selectors.totals(b)} for b in selectors.budgets(school)]
    return render(
        request, "budget/school.html", {"school": school, "rows": rows, "form": form, "can_change": can_change}
    )


@login_required
def year(request, slug, year):
    budget = _budget(request, slug, year)
    school = budget.school
    can_change = request.user.has_perm("budget.change_budget", school) and not budget.is_closed
    page = Paginator(selectors.costs(budget), PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "school": school,
        "budget": budget,
        "totals": selectors.totals(budget),
        "people": selectors.by_person(budget),
        "vakgroepen": selectors.by_vakgroep(budget),
        "themes": selectors.by_theme(budget),
        "pending": list(selectors.pending(budget)[:PER_PAGE]),
        "page": page,
        "allocations": list(selectors.allocations(budget)),
        "can_change": can_change,
        "can_approve": request.user.has_perm("budget.approve_cost", school) and not budget.is_closed,
    }
    if can_change:
        context["allocation_form"] = AllocationForm(members=_members(school))
    return render(request, "budget/year.html", context)


@login_required
@require_POST
def allocation(request, slug, year):
    budget = _budget(request, slug, year, "budget.change_budget")
    form = AllocationForm(request.POST, members=_members(budget.school))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_allocation(
                request.user, budget, data["amount"], person=data["person"], vakgroep=data["vakgroep"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Het deelbudget is bewaard."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("budget:year", slug=budget.school.slug, year=budget.school_year)


@login_required
def cost_create(request, slug, year):
    budget = _budget(request, slug, year, "budget.change_budget")
    plan, priorities = selectors.plan(budget)
    priority_qs = Priority.objects.filter(plan=plan) if plan else Priority.objects.none()
    initial = {}
    offer = None
    offer_pk = request.GET.get("aanbod") or request.POST.get("offer")
    if offer_pk and str(offer_pk).isdigit():
        from innovet.catalogue.models import Offer

        offer = Offer.objects.published().filter(pk=offer_pk).first()
        if offer is not None:
            initial = {"title": offer.title, "amount": offer.cost, "offer": offer.pk, "theme": offer.themes.first()}
    form = CostForm(request.POST or None, initial=initial, members=_members(budget.school), priorities=priority_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cost = services.add_cost(
                request.user,
                budget,
                title=data["title"],
                amount=data["amount"],
                person=data["person"],
                vakgroep=data["vakgroep"],
                theme=data["theme"],
                priority=data["priority"],
                source=offer,
                url=offer.get_absolute_url() if offer else "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if cost.status == "vastgelegd":
                messages.success(request, _("De kost is vastgelegd op het budget."))
            else:
                messages.success(request, _("De kost is gepland; hij wacht op goedkeuring."))
            return redirect("budget:year", slug=budget.school.slug, year=budget.school_year)
    return render(
        request, "budget/cost_form.html", {"budget": budget, "school": budget.school, "form": form, "offer": offer}
    )


def _cost(request, pk, perm="budget.approve_cost"):
    cost = get_object_or_404(Cost.objects.select_related("budget__school"), pk=pk)
    if not request.user.has_perm("budget.view_budget", cost.budget.school):
        raise Http404
    if not request.user.has_perm(perm, cost.budget.school):
        raise PermissionDenied
    return cost


def _cost_action(request, pk, action, done):
    cost = _cost(request, pk)
    try:
        action(request.user, cost)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("budget:year", slug=cost.budget.school.slug, year=cost.budget.school_year)


@login_required
@require_POST
def cost_approve(request, pk):
    return _cost_action(request, pk, services.approve_cost, _("De kost is goedgekeurd en vastgelegd op het budget."))


@login_required
@require_POST
def cost_spent(request, pk):
    return _cost_action(request, pk, services.mark_spent, _("De kost staat als besteed."))


@login_required
@require_POST
def cost_cancel(request, pk):
    return _cost_action(request, pk, services.cancel_cost, _("De kost is geannuleerd; het bedrag is weer vrij."))


def _needs(school):
    return Need.objects.filter(school=school).order_by("-created_at")


@login_required
def plan(request, slug, year):
    budget = _budget(request, slug, year)
    school = budget.school
    can_change = request.user.has_perm("budget.change_budget", school) and not budget.is_closed
    found, priorities = selectors.plan(budget)
    plan_form = priority_form = None
    if can_change:
        plan_form = PlanForm(request.POST or None, initial={"introduction": found.introduction if found else ""})
        priority_form = PriorityForm(needs=_needs(school))
    if request.method == "POST":
        if not request.user.has_perm("budget.change_budget", school):
            raise PermissionDenied
        if plan_form is None:  # the year is closed
            messages.error(
                request,
                _("Het schooljaar %(year)s is afgesloten: het plan kan niet meer wijzigen.")
                % {"year": budget.school_year},
            )
            return redirect("budget:plan", slug=school.slug, year=budget.school_year)
        if plan_form.is_valid():
            try:
                services.save_plan(request.user, budget, plan_form.cleaned_data["introduction"])
            except ValidationError as exc:
                add_service_errors(plan_form, exc)
            else:
                messages.success(request, _("Het nascholingsplan is bewaard."))
                return redirect("budget:plan", slug=school.slug, year=budget.school_year)
    return render(
        request,
        "budget/plan.html",
        {
            "school": school,
            "budget": budget,
            "plan": found,
            "priorities": priorities,
            "plan_form": plan_form,
            "priority_form": priority_form,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def priority_create(request, slug, year):
    budget = _budget(request, slug, year, "budget.change_budget")
    form = PriorityForm(request.POST, needs=_needs(budget.school))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_priority(
                request.user,
                budget,
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
                needs=data["needs"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("De prioriteit is toegevoegd."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("budget:plan", slug=budget.school.slug, year=budget.school_year)


@login_required
def priority_edit(request, slug, year, pk):
    budget = _budget(request, slug, year, "budget.change_budget")
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk, plan__budget=budget)
    initial = {
        "title": priority.title,
        "description": priority.description,
        "theme": priority.theme,
        "needs": list(priority.needs.all()),
        "outcome": priority.outcome,
    }
    form = PriorityEditForm(request.POST or None, initial=initial, needs=_needs(budget.school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_priority(request.user, priority, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De prioriteit is bewaard."))
            return redirect("budget:plan", slug=budget.school.slug, year=budget.school_year)
    return render(
        request,
        "budget/priority_form.html",
        {"budget": budget, "school": budget.school, "priority": priority, "form": form},
    )


@login_required
def close(request, slug, year):
    budget = _budget(request, slug, year, "budget.change_budget")
    form = CloseYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_year(request.user, budget, form.cleaned_data["review"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het schooljaar %(year)s is afgesloten.") % {"year": budget.school_year})
            return redirect("budget:plan", slug=budget.school.slug, year=budget.school_year)
    return render(
        request,
        "budget/close.html",
        {"budget": budget, "school": budget.school, "form": form, "totals": selectors.totals(budget)},
    )
