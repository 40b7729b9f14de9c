"""Thin views: check the permission, call a selector or a service, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from innovet.core.audit import history_page
from innovet.core.forms import add_service_errors
from innovet.core.page_cache import public_page
from innovet.organisations.permissions import is_pedagogical_adviser

from . import exports, oai, search_ui, selectors, services
from .forms import (
    AlignmentFormSet,
    CoauthorForm,
    FileUploadForm,
    LinkForm,
    MaterialForm,
    MineFilterForm,
    PublishForm,
    ReviewCommentForm,
    ReviewForm,
    UsageReportForm,
    WorkFormForm,
)
from .models import Attachment, Author, CoauthorInvitation, Material, Review, Status, WorkForm


def _material_for(request, slug, perm="materials.view_material"):
    """The material, 404 when the user may not see it (drafts), 403 when seeing is fine but not ``perm``."""
    material = selectors.detail(request.user, slug)
    if material is None:
        raise Http404
    if perm != "materials.view_material" and not request.user.has_perm(perm, material):
        raise PermissionDenied
    return material


# --- search and lists ----------------------------------------------------------------------------


@public_page
def search(request):
    return render(request, "materials/search.html", search_ui.run(request))


@login_required
def mine(request):
    form = MineFilterForm(request.GET or None)
    qs = selectors.mine(request.user)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    if status == "prive":
        qs = qs.filter(published_at__isnull=True)
    elif status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    context = {"form": form, "page": page, "credit": selectors.author_credit(request.user)}
    if is_pedagogical_adviser(request.user):
        context["review_queue"] = Paginator(selectors.review_queue(request.user), REVIEW_QUEUE_PER_PAGE).get_page(
            request.GET.get("reviews")
        )
    return render(request, "materials/mine.html", context)


@public_page
def author_profile(request, pk):
    person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    credit = selectors.author_credit(person)
    if not credit["materials"]:
        raise Http404  # only people with published material have a public author page
    page = Paginator(credit["materials"], 20).get_page(request.GET.get("pagina"))
    organisations = {
        a.organisation for a in Author.objects.filter(user=person).select_related("organisation") if a.organisation
    }
    return render(
        request,
        "materials/author.html",
        {"person": person, "credit": credit, "page": page, "organisations": sorted(organisations, key=str)},
    )


# --- the material --------------------------------------------------------------------------------


USAGE_REPORTS_PER_PAGE = 20
REVIEW_QUEUE_PER_PAGE = 20


@public_page
def detail(request, slug):
    material = _material_for(request, slug)
    user = request.user
    versions = list(selectors.versions(material))  # newest first, with their reviews
    version = versions[0] if versions else None
    can_edit = user.has_perm("materials.change_material", material)
    unpublished = material.unpublished_changes(version) if can_edit else []
    if not can_edit:
        material.show_published(version, relations=True)  # visitors see the published version only
    usage = selectors.usage(material)
    usage["reports"] = Paginator(usage["reports"], USAGE_REPORTS_PER_PAGE).get_page(request.GET.get("verslagen"))
    context = {
        "material": material,
        "version": version,
        "can_edit": can_edit,
        "can_review": user.has_perm("materials.review_material", material),
        "can_report": user.has_perm("materials.report_use", material),
        "can_remix": user.has_perm("materials.remix_material", material),
        "can_comment": user.has_perm("materials.comment_review", material),
        "reviewed_version": selectors.reviewed_version(versions),
        "usage": usage,
        "usage_chart": {
            "title": _("Meldingen van gebruik"),
            "labels": [row["school__province__name"] for row in usage["by_province"]],
            "counts": [row["n"] for row in usage["by_province"]],
        },
        "versions": versions,
        "jsonld": exports.jsonld(material, version) if material.is_published else None,
        "credit_line": exports.credit_line(material),
        "status_choices": Status,
        "unpublished_changes": unpublished,
    }
    files = selectors.version_files(version) if version else []
    context["general_files"] = [f for f in files if f.work_form_id is None]
    by_form = {}
    for f in files:
        if f.work_form_id:
            by_form.setdefault(f.work_form_id, []).append(f)
    context["work_forms"] = [(wf, by_form.get(wf.pk, [])) for wf in material.work_forms.all()]
    context["images"] = [f for f in files if f.is_image]
    if context["can_comment"]:
        context["reviews"] = selectors.reviews(material)
        context["comment_form"] = ReviewCommentForm()
    if can_edit:
        context["history"] = history_page(material, request)
        context["next_statuses"] = [
            Status(target) for (source, target) in services.AUTHOR_TRANSITIONS if source == material.status
        ]
    return render(request, "materials/detail.html", context)


@login_required
def create(request):
    if not request.user.has_perm("materials.add_material"):
        raise PermissionDenied
    form = MaterialForm(request.POST or None)
    formset = AlignmentFormSet(request.POST or None, instance=Material(), prefix="doelen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        material = services.create_material(request.user, form, formset)
        messages.success(
            request,
            _("'%(title)s' is aangemaakt als privé-concept. Voeg bestanden toe en publiceer wanneer het klaar is.")
            % {"title": material.title},
        )
        return redirect("materials:files", slug=material.slug)
    return render(request, "materials/form.html", {"form": form, "formset": formset, "creating": True})


@login_required
def edit(request, slug):
    material = _material_for(request, slug, "materials.change_material")
    form = MaterialForm(request.POST or None, instance=material)
    formset = AlignmentFormSet(request.POST or None, instance=material, prefix="doelen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.update_material(request.user, form, formset)
        messages.success(request, _("De gegevens zijn bewaard in de werkversie."))
        return redirect(material)
    return render(request, "materials/form.html", {"form": form, "formset": formset, "material": material})


@login_required
def files(request, slug):
    """Work forms, files and links of the working copy."""
    material = _material_for(request, slug, "materials.change_material")
    upload_form = FileUploadForm(material=material)
    link_form = LinkForm(material=material)
    work_form_form = WorkFormForm(initial={"position": material.work_forms.count() + 1})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload":
                upload_form = FileUploadForm(request.POST, request.FILES, material=material)
                if upload_form.is_valid():
                    d = upload_form.cleaned_data
                    try:
                        services.add_file(request.user, material, d["file"], d["title"], d["work_form"])
                    except ValidationError as exc:
                        upload_form.add_error("file", exc.messages)
                    else:
                        messages.success(request, _("Bestand toegevoegd."))
                        return redirect("materials:files", slug=slug)
            elif action == "link":
                link_form = LinkForm(request.POST, material=material)
                if link_form.is_valid():
                    d = link_form.cleaned_data
                    services.add_link(request.user, material, d["url"], d["title"], d["work_form"])
                    messages.success(request, _("Link toegevoegd."))
                    return redirect("materials:files", slug=slug)
            elif action == "workform":
                work_form_form = WorkFormForm(request.POST, instance=WorkForm(material=material))
                if work_form_form.is_valid():
                    services.save_work_form(request.user, work_form_form)
                    messages.success(request, _("Werkvorm toegevoegd."))
                    return redirect("materials:files", slug=slug)
            elif action == "detach":
                att = get_object_or_404(
                    Attachment, pk=request.POST.get("attachment"), material=material, detached_at__isnull=True
                )
                services.detach_attachment(request.user, att)
                messages.success(request, _("'%(title)s' is uit de werkversie gehaald.") % {"title": att.title})
                return redirect("materials:files", slug=slug)
            elif action == "delete_workform":
                wf = get_object_or_404(WorkForm, pk=request.POST.get("work_form"), material=material)
                services.delete_work_form(request.user, wf)
                messages.success(request, _("Werkvorm verwijderd."))
                return redirect("materials:files", slug=slug)
            else:
                messages.error(request, _("Onbekende actie."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    general, per_form = selectors.working_files(material)
    return render(
        request,
        "materials/files.html",
        {
            "material": material,
            "general_files": general,
            "work_forms": [(wf, per_form.get(wf.pk, [])) for wf in material.work_forms.all()],
            "upload_form": upload_form,
            "link_form": link_form,
            "work_form_form": work_form_form,
        },
    )


@login_required
def edit_work_form(request, slug, pk):
    material = _material_for(request, slug, "materials.change_material")
    work_form = get_object_or_404(WorkForm, pk=pk, material=material)
    form = WorkFormForm(request.POST or None, instance=work_form)
    if request.method == "POST" and form.is_valid():
        services.save_work_form(request.user, form)
        messages.success(request, _("Werkvorm bewaard."))
        return redirect("materials:files", slug=slug)
    return render(request, "materials/work_form.html", {"material": material, "form": form, "work_form": work_form})


@login_required
def publish(request, slug):
    material = _material_for(request, slug, "materials.publish_material")
    form = PublishForm(request.POST or None, material=material)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(
                request.user, material, form.cleaned_data["licence"], form.cleaned_data["changelog"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Versie %(n)d is gepubliceerd. Collega's kunnen het materiaal nu vinden en gebruiken.")
                % {"n": version.number},
            )
            return redirect(material)
    general, per_form = selectors.working_files(material)
    return render(
        request,
        "materials/publish.html",
        {
            "material": material,
            "form": form,
            "file_count": len(general) + sum(len(v) for v in per_form.values()),
            "current": material.current_version(),
        },
    )


@login_required
@require_POST
def change_status(request, slug):
    material = _material_for(request, slug, "materials.change_status")
    try:
        services.change_status(request.user, material, request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        material.refresh_from_db(fields=["status"])
        messages.success(request, _("Status: %(s)s.") % {"s": material.get_status_display()})
    return redirect(material)


@login_required
@require_POST
def delete(request, slug):
    material = _material_for(request, slug, "materials.change_material")
    try:
        services.delete_draft(request.user, material)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(material)
    messages.success(request, _("Het concept '%(title)s' is verwijderd.") % {"title": material.title})
    return redirect("materials:mine")


@login_required
def authors(request, slug):
    material = _material_for(request, slug, "materials.manage_authors")
    form = CoauthorForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            author = get_object_or_404(Author, pk=request.POST["remove"], material=material)
            try:
                services.remove_coauthor(request.user, author)
                messages.success(request, _("%(name)s is geen co-auteur meer.") % {"name": author.user})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("materials:authors", slug=slug)
        if request.POST.get("revoke"):
            invitation = get_object_or_404(CoauthorInvitation, pk=request.POST["revoke"], material=material)
            services.revoke_coauthor_invitation(request.user, invitation)
            messages.success(request, _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email})
            return redirect("materials:authors", slug=slug)
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            services.invite_coauthor(request.user, material, email)
            # The same words whether or not the address has an account (or is co-author already).
            messages.success(
                request,
                _(
                    "We stuurden een uitnodiging naar %(email)s. Wie ze aanvaardt, aangemeld met dat adres, "
                    "wordt co-auteur."
                )
                % {"email": email},
            )
            return redirect("materials:authors", slug=slug)
    return render(
        request,
        "materials/authors.html",
        {
            "material": material,
            "form": form,
            "authors": material.authors.select_related("user", "organisation"),
            "invitations": selectors.open_coauthor_invitations(material),
        },
    )


def coauthor_invitation(request, token):
    """The link in the invitation e-mail: the invited person, signed in with the invited address, accepts
    or declines. Anyone else (a forwarded link) gets the invitation's refusal, never the material."""
    invitation = get_object_or_404(CoauthorInvitation.objects.select_related("material", "invited_by"), token=token)
    if not invitation.is_usable:
        return render(request, "materials/coauthor_invitation_invalid.html", status=410)
    if not request.user.is_authenticated:
        messages.info(request, _("Meld je aan (of maak een account met het adres waarop je de uitnodiging kreeg)."))
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.accept_coauthor_invitation(request.user, invitation)
                messages.success(request, _("Je bent co-auteur van %(title)s.") % {"title": invitation.material.title})
                return redirect(invitation.material)
            services.decline_coauthor_invitation(request.user, invitation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("materials:coauthor_invitation", token=token)
        messages.info(request, _("Je hebt de uitnodiging geweigerd."))
        return redirect("core:dashboard")
    return render(request, "materials/coauthor_invitation.html", {"invitation": invitation})


@login_required
@require_POST
def remix(request, slug):
    material = _material_for(request, slug)
    if not request.user.has_perm("materials.remix_material", material):
        raise PermissionDenied
    try:
        copy = services.remix_material(request.user, material)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(material)
    messages.success(request, _("Je kopie is klaar als privé-concept. Pas ze aan en publiceer ze met een licentie."))
    return redirect(copy)


# --- review and use ------------------------------------------------------------------------------


@login_required
def review(request, slug):
    material = _material_for(request, slug, "materials.review_material")
    version = material.current_version()
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(request.user, material, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Je review is bewaard en de auteurs zijn verwittigd."))
            return redirect(material.get_absolute_url() + "#review")
    return render(
        request,
        "materials/review.html",
        {"material": material, "version": version, "form": form, "previous": selectors.reviews(material)},
    )


@login_required
@require_POST
def review_comment(request, slug, pk):
    material = _material_for(request, slug, "materials.comment_review")
    review_obj = get_object_or_404(Review, pk=pk, version__material=material)
    form = ReviewCommentForm(request.POST)
    if form.is_valid():
        services.comment_on_review(request.user, review_obj, form.cleaned_data["text"])
        messages.success(request, _("Je reactie is geplaatst."))
    else:
        messages.error(request, _("Schrijf een reactie (maximaal 3000 tekens)."))
    return redirect(material.get_absolute_url() + "#review")


@login_required
def report_use(request, slug):
    material = _material_for(request, slug, "materials.report_use")
    form = UsageReportForm(request.POST or None, material=material, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_use(request.user, material, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bedankt! Je melding helpt collega's en geeft de auteurs erkenning."))
            return redirect(material.get_absolute_url() + "#gebruik")
    return render(request, "materials/report_use.html", {"material": material, "form": form})


# --- versions, files, exports --------------------------------------------------------------------


def version(request, slug, number):
    material = _material_for(request, slug)
    v = get_object_or_404(material.versions.select_related("licence", "created_by"), number=number)
    files = selectors.version_files(v)
    return render(
        request,
        "materials/version.html",
        {
            "material": material,
            "version": v,
            "files": files,
            "reviews": v.reviews.select_related("reviewer", "reviewer_organisation"),
            "is_current": v.number == material.versions.order_by("-number").values_list("number", flat=True).first(),
        },
    )


def package(request, slug, number=None):
    material = _material_for(request, slug)
    qs = material.versions.all()
    v = get_object_or_404(qs, number=number) if number else qs.order_by("-number").first()
    if v is None:
        raise Http404
    buffer = exports.package(material, v)
    services.record_download(material)
    response = FileResponse(
        buffer, as_attachment=True, filename=exports.package_filename(material, v), content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "video/mp4", "video/webm"}


def download(request, uuid):
    att = selectors.attachment_for_download(request.user, uuid)
    if att is None:
        raise Http404
    # Images, PDF and video may open in the browser; everything else (and never HTML/SVG) is a download.
    inline = att.content_type in INLINE_TYPES and request.GET.get("download") != "1"
    content_type = att.content_type if att.content_type in INLINE_TYPES else "application/octet-stream"
    response = FileResponse(
        att.file.open("rb"), as_attachment=not inline, filename=att.filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not att.material.is_published:
        response["Cache-Control"] = "private, no-store"
    if not inline or not att.is_image:
        services.record_download(att.material, att)
    return response


def metadata_json(request, slug):
    import json

    material = _material_for(request, slug)
    if not material.is_published:
        raise Http404
    return HttpResponse(
        json.dumps(exports.metadata(material), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )


@csrf_exempt  # OAI-PMH harvesters POST without a session; the endpoint only reads.
@require_http_methods(["GET", "POST", "HEAD"])
def oai_pmh(request):
    params = dict((request.POST if request.method == "POST" else request.GET).lists())
    xml = oai.handle(params, request.build_absolute_uri(request.path))
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")
