"""Thin views over the lab services and selectors. Permissions: labs/rules.py."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.core.audit import grouped_history
from innovet.core.models import AuditLog
from innovet.core.shortcuts import flash_errors
from innovet.geo.models import Province
from innovet.organisations.models import OrganisationKind
from innovet.organisations.permissions import SCHOOL_STAFF_ROLES, is_platform_admin, memberships, rtc_province_ids

from . import forms, search_ui, selectors, services
from .models import (
    Adoption,
    AdoptionStatus,
    Commitment,
    Document,
    LabMaterial,
    LabPartner,
    LabSchool,
    Milestone,
    Showcase,
    Task,
)


def _form_errors(request, form):
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}: {e}" if label else e)


def _lab(request, slug, perm="labs.view_lab"):
    lab = get_object_or_404(selectors.lab_detail_queryset(), slug=slug)
    if not request.user.has_perm(perm, lab):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            raise _Login(redirect_to_login(request.get_full_path()))
        raise PermissionDenied
    return lab


class _Login(Exception):
    def __init__(self, response):
        self.response = response


def _guard(view):
    """Anonymous visitors of a guarded page go to the login page, others get a 403."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Login as exc:
            return exc.response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _back(lab, anchor="", page="workspace"):
    return redirect(reverse(f"labs:{page}", kwargs={"slug": lab.slug}) + (f"#{anchor}" if anchor else ""))


# --- lists ---------------------------------------------------------------------------------------


def lab_list(request):
    return render(request, "labs/lab_list.html", search_ui.run(request))


@login_required
def lab_create(request):
    if not request.user.has_perm("labs.add_lab"):
        raise PermissionDenied
    organisations = [
        m.organisation
        for m in memberships(request.user)
        if (m.organisation.kind == OrganisationKind.RTC and m.role == "rtc-medewerker")
        or (m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES)
    ]
    from innovet.matching.models import Willingness

    willingness = (
        Willingness.objects.filter(is_active=True, co_develop_material=True)
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )
    form = forms.LabForm(request.POST or None, organisations=organisations, willingness=willingness)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("willingness", []) or [])
        try:
            lab = services.create_lab(request.user, data, willingness=chosen)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, _("Het innovatielab is gestart, met een standaardplanning die je kunt aanpassen.")
            )
            return redirect("labs:workspace", slug=lab.slug)
    return render(request, "labs/lab_form.html", {"form": form, "creating": True})


@login_required
@require_POST
def start_from_introduction(request, pk):
    from innovet.matching.models import Introduction

    intro = get_object_or_404(Introduction.objects.select_related("need"), pk=pk)
    if not request.user.has_perm("labs.start_from_introduction", intro):
        raise PermissionDenied
    try:
        lab = services.start_from_introduction(request.user, intro)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(intro)
    messages.success(request, _("Het innovatielab ‘%(lab)s’ is gestart vanuit de introductie.") % {"lab": lab})
    return redirect("labs:workspace", slug=lab.slug)


@login_required
def overview(request):
    if not request.user.has_perm("labs.view_overview"):
        raise PermissionDenied
    province = None
    slug = request.GET.get("provincie", "")
    if slug:
        province = Province.objects.filter(slug=slug).first()
    page = Paginator(selectors.overview(province), 50).get_page(request.GET.get("pagina"))
    user = request.user
    context = {
        "page": page,
        # The overview lists every lab; a workspace opens only for its province's RTC (and administrators):
        # the others link to the lab's public page, not to a 403.
        "all_workspaces": is_platform_admin(user),
        "workspace_provinces": rtc_province_ids(user),
        "totals": selectors.overview_totals(province),
        "province": province,
        "provinces": Province.objects.filter(in_scope=True).order_by("name"),
    }
    return render(request, "labs/overview.html", context)


def funding_list(request):
    calls = Paginator(selectors.open_funding(), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "labs/funding_list.html",
        {"page": calls, "can_post": request.user.is_authenticated and request.user.has_perm("labs.post_funding")},
    )


@login_required
def funding_create(request):
    if not request.user.has_perm("labs.post_funding"):
        raise PermissionDenied
    organisations = [m.organisation for m in memberships(request.user) if m.organisation.kind == OrganisationKind.RTC]
    form = forms.FundingForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call = services.post_funding(request.user, data.pop("organisation"), data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request,
                _("De oproep staat online; %(n)d mensen met een passend thema kregen een bericht.")
                % {"n": call.notified},
            )
            return redirect("labs:funding_list")
    return render(request, "labs/funding_form.html", {"form": form})


# --- one lab -------------------------------------------------------------------------------------


def lab_detail(request, slug):
    lab = _lab(request, slug)
    user = request.user
    context = {
        "lab": lab,
        "schools": selectors.schools_of(lab),
        "teachers": selectors.teachers_of(lab),
        "partners": selectors.partners_with_commitments(lab),
        "commitments": selectors.commitment_totals(lab),
        "materials": selectors.materials_of(lab),
        "milestones": list(lab.milestones.all()),
        "problems": selectors.presentable_problems(lab),
        "showcases": selectors.showcases_of(lab),
        "adopting": selectors.adoption_counts(lab)[AdoptionStatus.USING],
        "can_workspace": user.has_perm("labs.view_workspace", lab),
        "can_change": user.has_perm("labs.change_lab", lab),
        "can_join": user.is_authenticated and user.has_perm("labs.request_join", lab),
    }
    return render(request, "labs/lab_detail.html", context)


@_guard
def lab_edit(request, slug):
    lab = _lab(request, slug, "labs.change_lab")
    form = forms.LabForm(request.POST or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lab(request.user, lab, form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Het lab is bijgewerkt."))
            return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab, "stop_form": forms.StopForm()})


@_guard
@require_POST
def lab_stop(request, slug):
    lab = _lab(request, slug, "labs.change_lab")
    form = forms.StopForm(request.POST)
    if form.is_valid():
        try:
            services.stop_lab(request.user, lab, form.cleaned_data["reason"])
            messages.success(request, _("Het lab is stopgezet."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect(lab)


@_guard
def workspace(request, slug):
    lab = _lab(request, slug, "labs.view_workspace")
    user = request.user
    can_take_part = user.has_perm("labs.take_part", lab)
    can_change = user.has_perm("labs.change_lab", lab)
    people = services.participants(lab) if can_take_part else []
    partners = selectors.partners_with_commitments(lab)
    for partner in partners:
        partner.can_add = user.has_perm("labs.add_commitment", partner)
        for c in partner.commitments.all():
            c.can_change = user.has_perm("labs.change_commitment", c)
    context = {
        "lab": lab,
        "milestones": list(lab.milestones.all()),
        "tasks": list(lab.tasks.select_related("owner", "milestone")),
        "messages_": list(lab.messages.select_related("author")),
        "documents": list(lab.documents.select_related("uploaded_by")),
        "partners": partners,
        "commitments": selectors.commitment_totals(lab),
        "materials": selectors.materials_of(lab),
        "problems": selectors.presentable_problems(lab),
        "can_take_part": can_take_part,
        "can_change": can_change,
        "task_form": forms.TaskForm(lab=lab, people=people) if can_take_part else None,
        "message_form": forms.MessageForm() if can_take_part else None,
        "document_form": forms.DocumentForm() if can_take_part else None,
        "commitment_form": forms.CommitmentForm(),
        "change_form": forms.CommitmentChangeForm(),
        "link_form": forms.LinkMaterialForm(materials=selectors.linkable_materials(user, lab)) if can_change else None,
        "history": grouped_history(AuditLog.objects.for_object(lab), limit=15),
        "user_id": user.pk,
    }
    return render(request, "labs/workspace.html", context)


@_guard
def plan(request, slug):
    lab = _lab(request, slug, "labs.view_workspace")
    can_change = request.user.has_perm("labs.change_lab", lab)
    milestones = list(lab.milestones.all())
    initial = [{"id": m.pk, "title": m.title, "due_on": m.due_on} for m in milestones]
    add_form = forms.MilestoneAddForm(prefix="nieuw")
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if "nieuw-phase" in request.POST:
            add_form = forms.MilestoneAddForm(request.POST, prefix="nieuw")
            if add_form.is_valid():
                try:
                    services.add_milestone(request.user, lab, **add_form.cleaned_data)
                    messages.success(request, _("De mijlpaal is toegevoegd."))
                    return redirect("labs:plan", slug=lab.slug)
                except ValidationError as exc:
                    flash_errors(request, exc)
            formset = forms.MilestoneFormSet(initial=initial)
        else:
            formset = forms.MilestoneFormSet(request.POST, initial=initial)
            if formset.is_valid():
                by_pk = {m.pk: m for m in milestones}
                try:
                    rows = [
                        (by_pk[f.cleaned_data["id"]], f.cleaned_data["title"], f.cleaned_data["due_on"])
                        for f in formset.forms
                    ]
                    services.save_plan(request.user, lab, rows)
                except KeyError:
                    messages.error(request, _("De planning is intussen gewijzigd. Laad de pagina opnieuw."))
                except ValidationError as exc:
                    flash_errors(request, exc)
                else:
                    messages.success(request, _("De planning is bewaard."))
                    return redirect("labs:plan", slug=lab.slug)
    else:
        formset = forms.MilestoneFormSet(initial=initial)
    rows = list(zip(milestones, formset.forms, strict=False))
    return render(
        request,
        "labs/plan.html",
        {"lab": lab, "rows": rows, "formset": formset, "can_change": can_change, "add_form": add_form},
    )


@_guard
@require_POST
def milestone_done(request, slug, pk):
    lab = _lab(request, slug, "labs.change_lab")
    milestone = get_object_or_404(Milestone, pk=pk, lab=lab)
    services.set_milestone_done(request.user, milestone, done=request.POST.get("done", "1") == "1")
    return redirect("labs:plan", slug=lab.slug)


@_guard
@require_POST
def task_add(request, slug):
    lab = _lab(request, slug, "labs.take_part")
    form = forms.TaskForm(request.POST, lab=lab, people=services.participants(lab))
    if form.is_valid():
        try:
            services.add_task(request.user, lab, **form.cleaned_data)
            messages.success(request, _("De taak is toegevoegd."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "taken")


@_guard
@require_POST
def task_done(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    task = get_object_or_404(Task, pk=pk, lab=lab)
    if not request.user.has_perm("labs.change_task", task):
        raise PermissionDenied
    services.set_task_done(request.user, task, done=request.POST.get("done", "1") == "1")
    return _back(lab, "taken")


@_guard
@require_POST
def message_post(request, slug):
    lab = _lab(request, slug, "labs.take_part")
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(request.user, lab, form.cleaned_data["text"])
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "discussie")


@_guard
@require_POST
def document_add(request, slug):
    lab = _lab(request, slug, "labs.take_part")
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(request.user, lab, form.cleaned_data["file"], form.cleaned_data["title"])
            messages.success(request, _("Het document is toegevoegd."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "documenten")


@_guard
def document_download(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    document = get_object_or_404(Document, pk=pk, lab=lab)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = document.content_type or mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=document.filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_guard
@require_POST
def document_delete(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    document = get_object_or_404(Document, pk=pk, lab=lab)
    services.delete_document(request.user, document)
    messages.success(request, _("Het document is verwijderd."))
    return _back(lab, "documenten")


@_guard
def members(request, slug):
    """Schools, teachers and partners: the coordinator adds them; a school or partner can leave."""
    lab = _lab(request, slug, "labs.view_workspace")
    can_change = request.user.has_perm("labs.change_lab", lab)
    school_form = forms.SchoolForm(prefix="school")
    teacher_form = forms.TeacherForm(lab=lab, prefix="teacher")
    partner_form = forms.PartnerForm(prefix="partner")
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        try:
            if "school-school" in request.POST:
                school_form = forms.SchoolForm(request.POST, prefix="school")
                if school_form.is_valid():
                    services.add_school(request.user, lab, **school_form.cleaned_data)
                    messages.success(request, _("De school is toegevoegd."))
                    return redirect("labs:members", slug=lab.slug)
            elif "teacher-person" in request.POST:
                teacher_form = forms.TeacherForm(request.POST, lab=lab, prefix="teacher")
                if teacher_form.is_valid():
                    services.add_teacher(request.user, lab, teacher_form.cleaned_data["person"])
                    messages.success(request, _("De leerkracht ontwikkelt mee."))
                    return redirect("labs:members", slug=lab.slug)
            elif "partner-organisation" in request.POST:
                partner_form = forms.PartnerForm(request.POST, prefix="partner")
                if partner_form.is_valid():
                    services.add_partner(request.user, lab, **partner_form.cleaned_data)
                    messages.success(request, _("De partner is toegevoegd."))
                    return redirect("labs:members", slug=lab.slug)
        except ValidationError as exc:
            flash_errors(request, exc)
    context = {
        "lab": lab,
        "schools": selectors.schools_of(lab),
        "teachers": selectors.teachers_of(lab),
        "partners": selectors.partners_with_commitments(lab),
        "can_change": can_change,
        "school_form": school_form,
        "teacher_form": teacher_form,
        "partner_form": partner_form,
        "my_org_ids": {
            m.organisation_id for m in memberships(request.user) if m.can_manage or m.role in ("directeur", "tac")
        },
    }
    return render(request, "labs/members.html", context)


@_guard
@require_POST
def school_leave(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    row = get_object_or_404(LabSchool, pk=pk, lab=lab)
    services.leave_school(request.user, row)
    messages.success(
        request, _("%(school)s neemt niet meer deel; wat de school bijdroeg, blijft.") % {"school": row.school}
    )
    return redirect("labs:members", slug=lab.slug)


@_guard
@require_POST
def partner_leave(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    row = get_object_or_404(LabPartner, pk=pk, lab=lab)
    services.leave_partner(request.user, row)
    messages.success(
        request, _("%(org)s is geen partner meer; de engagementen blijven zichtbaar.") % {"org": row.organisation}
    )
    return redirect("labs:members", slug=lab.slug)


@_guard
@require_POST
def commitment_add(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    partner = get_object_or_404(LabPartner, pk=pk, lab=lab)
    if not request.user.has_perm("labs.add_commitment", partner):
        raise PermissionDenied
    form = forms.CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.add_commitment(request.user, partner, form.cleaned_data)
            messages.success(request, _("Het engagement is toegevoegd (voorgesteld)."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "engagementen")


@_guard
@require_POST
def commitment_change(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    commitment = get_object_or_404(Commitment.objects.select_related("partner"), pk=pk, partner__lab=lab)
    if not request.user.has_perm("labs.change_commitment", commitment):
        raise PermissionDenied
    form = forms.CommitmentChangeForm(request.POST)
    if form.is_valid():
        try:
            services.change_commitment(
                request.user, commitment, status=form.cleaned_data["status"], amount=form.cleaned_data["amount"]
            )
            messages.success(request, _("Het engagement is bijgewerkt."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "engagementen")


@_guard
@require_POST
def material_link(request, slug):
    lab = _lab(request, slug, "labs.change_lab")
    form = forms.LinkMaterialForm(request.POST, materials=selectors.linkable_materials(request.user, lab))
    if form.is_valid():
        try:
            services.link_material(request.user, lab, form.cleaned_data["material"])
            messages.success(request, _("Het lesmateriaal is gekoppeld."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return _back(lab, "materiaal")


@_guard
@require_POST
def material_unlink(request, slug, pk):
    lab = _lab(request, slug, "labs.change_lab")
    link = get_object_or_404(LabMaterial, pk=pk, lab=lab)
    services.unlink_material(request.user, link)
    messages.success(request, _("Het lesmateriaal is ontkoppeld (het blijft in de databank)."))
    return _back(lab, "materiaal")


@_guard
def showcase_add(request, slug):
    lab = _lab(request, slug, "labs.change_lab")
    slots = selectors.showcase_slots(request.user)
    form = forms.ShowcaseForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_showcase(request.user, lab, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Het lab staat op het programma van het toonmoment."))
            return redirect(lab)
    context = {
        "lab": lab,
        "form": form,
        "problems": selectors.presentable_problems(lab),
        "showcases": selectors.showcases_of(lab),
        "presented_forms": [(s, forms.PresentedForm(lab=lab, prefix=f"s{s.pk}")) for s in selectors.showcases_of(lab)],
    }
    return render(request, "labs/showcase.html", context)


@_guard
@require_POST
def showcase_presented(request, slug, pk):
    lab = _lab(request, slug, "labs.change_lab")
    showcase = get_object_or_404(Showcase.objects.select_related("session__slot__day", "event"), pk=pk, lab=lab)
    form = forms.PresentedForm(request.POST, lab=lab, prefix=f"s{showcase.pk}")
    if form.is_valid():
        try:
            services.mark_presented(request.user, showcase, list(form.cleaned_data["presenters"]))
            messages.success(request, _("Gepresenteerd: het natraject staat open voor andere scholen."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect("labs:showcase_add", slug=lab.slug)


@_guard
def follow_up(request, slug):
    lab = _lab(request, slug, "labs.view_workspace")
    adoptions = selectors.adoptions_of(lab)
    user = request.user
    for a in adoptions:
        a.can_manage = user.has_perm("labs.manage_adoption", a)
        a.can_update = user.has_perm("labs.update_adoption", a)
    context = {
        "lab": lab,
        "adoptions": adoptions,
        "counts": selectors.adoption_counts(lab),
        "can_change": user.has_perm("labs.change_lab", lab),
        "intake_form": forms.IntakeForm(),
        "onboarding_form": forms.OnboardingForm(),
        "status_form": forms.AdoptionStatusForm(),
        "statuses": AdoptionStatus.choices,
    }
    return render(request, "labs/follow_up.html", context)


@_guard
@require_POST
def follow_up_open(request, slug):
    lab = _lab(request, slug, "labs.change_lab")
    try:
        services.open_follow_up(request.user, lab, open_=request.POST.get("open", "1") == "1")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("labs:follow_up", slug=lab.slug)


@_guard
@require_POST
def adoption_update(request, slug, pk):
    lab = _lab(request, slug, "labs.view_workspace")
    adoption = get_object_or_404(Adoption.objects.select_related("lab", "school"), pk=pk, lab=lab)
    if not request.user.has_perm("labs.update_adoption", adoption):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "intake":
        form = forms.IntakeForm(request.POST)
    elif action == "opstart":
        form = forms.OnboardingForm(request.POST)
    else:
        form = forms.AdoptionStatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("labs:follow_up", slug=lab.slug)
    data = form.cleaned_data
    try:
        if action == "intake":
            services.record_intake(request.user, adoption, data["intake_on"], data["intake_notes"])
        elif action == "opstart":
            services.add_onboarding(request.user, adoption, **data)
        else:
            services.set_adoption_status(request.user, adoption, data["status"])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(school)s is bijgewerkt.") % {"school": adoption.school})
    return redirect("labs:follow_up", slug=lab.slug)


@login_required
def join(request, slug):
    lab = get_object_or_404(selectors.lab_detail_queryset(), slug=slug)
    if not request.user.has_perm("labs.request_join", lab):
        raise PermissionDenied
    schools = [
        m.organisation for m in memberships(request.user) if m.organisation.is_school and m.role in SCHOOL_STAFF_ROLES
    ]
    form = forms.JoinForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_join(request.user, lab, form.cleaned_data["school"], form.cleaned_data["motivation"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Je aanvraag is verstuurd. De coördinator neemt contact op voor een intake."))
            return redirect(lab)
    return render(request, "labs/join.html", {"lab": lab, "form": form})
