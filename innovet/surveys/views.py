"""Owner pages: list, create, settings, the questionnaire builder, templates and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import definition as defs
from . import selectors, services
from .forms import ContactImportForm, IntroForm, PageForm, QuestionForm, SurveyCreateForm, SurveySettingsForm
from .models import Invitation, InvitationBatch, Page, Question, Response, Survey, SurveyTemplate
from .structure import load_structure


def owned_survey(request, slug, perm="surveys.change_survey"):
    if not request.user.is_authenticated:
        raise PermissionDenied
    survey = get_object_or_404(Survey.objects.select_related("organisation", "current_version"), slug=slug)
    if not request.user.has_perm(perm, survey):
        raise PermissionDenied
    return survey


def _errors_to_messages(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def survey_list(request):
    open_surveys = (
        Survey.objects.filter(status=Survey.Status.PUBLISHED, open_link_enabled=True)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))
        .select_related("organisation")
        .order_by("closes_at", "-created_at")
    )
    mine = None
    if request.user.is_authenticated:
        mine = selectors.surveys_for(request.user).annotate(
            n_started=Count("responses", distinct=True),
            n_completed=Count("responses", filter=Q(responses__status=Response.Status.COMPLETED), distinct=True),
        )
    if mine is not None:
        mine = Paginator(mine.order_by("-created_at", "-pk"), 25).get_page(request.GET.get("pagina"))
    open_surveys = Paginator(open_surveys, 24).get_page(request.GET.get("open"))
    return render(
        request,
        "surveys/list.html",
        {
            "open_surveys": open_surveys,
            "mine": mine,
            "can_create": request.user.has_perm("surveys.add_survey"),
        },
    )


@login_required
def create(request):
    if not request.user.has_perm("surveys.add_survey"):
        raise PermissionDenied
    initial = {}
    if request.GET.get("sjabloon"):
        initial["template"] = SurveyTemplate.objects.filter(key=request.GET["sjabloon"]).first()
        if initial["template"]:
            initial["title"] = initial["template"].title
    form = SurveyCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(
            request.user, form.cleaned_data["organisation"], form.cleaned_data["title"], form.cleaned_data["template"]
        )
        messages.success(
            request,
            _("Bevraging ‘%(title)s’ aangemaakt. Werk de vragenlijst af en publiceer ze.") % {"title": survey.title},
        )
        return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/create.html", {"form": form})


def templates(request):
    return render(
        request,
        "surveys/templates.html",
        {"templates": SurveyTemplate.objects.all(), "can_create": request.user.has_perm("surveys.add_survey")},
    )


def template_detail(request, key):
    template = get_object_or_404(SurveyTemplate, key=key)
    return render(
        request,
        "surveys/template_detail.html",
        {
            "template": template,
            "definition": template.definition,
            "can_create": request.user.has_perm("surveys.add_survey"),
        },
    )


def interview_guide(request):
    return render(request, "surveys/interview_guide.html", {"guide": defs.interview_guide()})


@login_required
def detail(request, slug):
    survey = owned_survey(request, slug, "surveys.view_results")
    version = survey.current_version
    funnel = selectors.funnel(load_structure(version)) if version and version.published_at else None
    invitations = survey.invitations.aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        completed=Count("id", filter=Q(completed_at__isnull=False)),
    )
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "draft": services.draft_version(survey),
            "versions": survey.versions.annotate(n=Count("responses")),
            "funnel": funnel,
            "invitations": invitations,
            "open_url": request.build_absolute_uri(reverse("surveys:open_link", kwargs={"token": survey.public_token})),
            "history": selectors.history(survey),
            "can_change": request.user.has_perm("surveys.change_survey", survey),
        },
    )


@login_required
def settings_view(request, slug):
    survey = owned_survey(request, slug)
    form = SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.update_survey(request.user, form)
        messages.success(request, _("De instellingen zijn bewaard."))
        return redirect(survey)
    return render(request, "surveys/settings.html", {"survey": survey, "form": form})


@login_required
def builder(request, slug):
    survey = owned_survey(request, slug)
    draft = services.draft_version(survey)
    version = draft or survey.current_version
    structure = load_structure(version)
    intro_form = None
    if draft is not None:
        intro_form = IntroForm(request.POST or None, instance=draft)
        if request.method == "POST" and intro_form.is_valid():
            try:
                services._editable(request.user, draft)
            except ValidationError as exc:
                _errors_to_messages(request, exc)
            else:
                intro_form.save()
                messages.success(request, _("Het openingsscherm is bewaard."))
                return redirect("surveys:builder", slug=survey.slug)
    elif request.method == "POST":
        raise PermissionDenied
    pages = []
    for page in structure.pages:
        questions = []
        for q in structure.by_page.get(page.pk, []):
            q.condition_label = defs.condition_text(q.show_if, structure.by_key)
            q.option_list = structure.choices[q.pk]
            q.row_list = structure.rows[q.pk]
            questions.append(q)
        page.condition_label = defs.condition_text(page.show_if, structure.by_key)
        pages.append((page, questions))
    return render(
        request,
        "surveys/builder.html",
        {
            "survey": survey,
            "version": version,
            "editable": draft is not None,
            "intro_form": intro_form,
            "pages": pages,
            "problems": services.check_version(version) if draft else [],
            "has_responses": survey.responses.filter(version=version).exists(),
        },
    )


@login_required
def preview(request, slug):
    survey = owned_survey(request, slug)
    version = services.draft_version(survey) or survey.current_version
    structure = load_structure(version)
    pages = []
    for page in structure.pages:
        items = []
        for q in structure.by_page.get(page.pk, []):
            q.condition_label = defs.condition_text(q.show_if, structure.by_key)
            items.append({"q": q, "options": structure.choices[q.pk], "rows": structure.rows[q.pk]})
        pages.append(
            {"page": page, "condition": defs.condition_text(page.show_if, structure.by_key), "questions": items}
        )
    return render(request, "surveys/preview.html", {"survey": survey, "version": version, "pages": pages})


@login_required
@require_POST
def new_version(request, slug):
    survey = owned_survey(request, slug)
    version = services.new_version(request.user, survey)
    messages.success(
        request,
        _("Versie %(n)s is aangemaakt als kopie. Antwoorden op eerdere versies blijven ongewijzigd bewaard.")
        % {"n": version.number},
    )
    return redirect("surveys:builder", slug=survey.slug)


@login_required
@require_POST
def publish(request, slug):
    survey = owned_survey(request, slug)
    try:
        version = services.publish(request.user, survey)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("surveys:builder", slug=survey.slug)
    messages.success(
        request, _("Versie %(n)s is gepubliceerd. Nieuwe respondenten krijgen deze versie.") % {"n": version.number}
    )
    return redirect(survey)


@login_required
@require_POST
def close(request, slug):
    survey = owned_survey(request, slug)
    services.close(request.user, survey)
    messages.success(request, _("De bevraging is afgesloten. Er kunnen geen antwoorden meer bijkomen."))
    return redirect(survey)


@login_required
@require_POST
def reopen(request, slug):
    survey = owned_survey(request, slug)
    try:
        services.reopen(request.user, survey)
        messages.success(request, _("De bevraging is opnieuw open."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect(survey)


def _draft_or_404(survey):
    draft = services.draft_version(survey)
    if draft is None:
        raise Http404(_("Er is geen conceptversie. Maak eerst een nieuwe versie."))
    return draft


@login_required
def page_edit(request, slug, pk=None):
    survey = owned_survey(request, slug)
    draft = _draft_or_404(survey)
    page = get_object_or_404(Page, pk=pk, version=draft) if pk else None
    structure = load_structure(draft)
    form = PageForm(request.POST or None, instance=page or Page(version=draft), structure=structure)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_page(
                request.user,
                draft,
                page,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                show_if=form.condition(),
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("De pagina is bewaard."))
            return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/page_form.html", {"survey": survey, "form": form, "page": page})


@login_required
@require_POST
def page_delete(request, slug, pk):
    survey = owned_survey(request, slug)
    page = get_object_or_404(Page, pk=pk, version__survey=survey)
    try:
        services.delete_page(request.user, page)
        messages.success(request, _("De pagina is verwijderd."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("surveys:builder", slug=survey.slug)


def _direction(request):
    return -1 if request.POST.get("richting") == "omhoog" else 1


@login_required
@require_POST
def page_move(request, slug, pk):
    survey = owned_survey(request, slug)
    page = get_object_or_404(Page, pk=pk, version__survey=survey)
    try:
        services.move(request.user, page, _direction(request))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect(f"{reverse('surveys:builder', kwargs={'slug': survey.slug})}#pagina-{page.pk}")


@login_required
def question_edit(request, slug, pk=None, page_pk=None):
    survey = owned_survey(request, slug)
    draft = _draft_or_404(survey)
    question = get_object_or_404(Question, pk=pk, version=draft) if pk else None
    page = question.page if question else get_object_or_404(Page, pk=page_pk, version=draft)
    structure = load_structure(draft)
    form = QuestionForm(
        request.POST or None, instance=question or Question(page=page, version=draft), structure=structure, page=page
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(request.user, page, question, **form.service_kwargs())
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("De vraag is bewaard."))
            return redirect(f"{reverse('surveys:builder', kwargs={'slug': survey.slug})}#pagina-{page.pk}")
    return render(
        request, "surveys/question_form.html", {"survey": survey, "form": form, "question": question, "page": page}
    )


@login_required
@require_POST
def question_delete(request, slug, pk):
    survey = owned_survey(request, slug)
    question = get_object_or_404(Question, pk=pk, version__survey=survey)
    try:
        services.delete_question(request.user, question)
        messages.success(request, _("De vraag is verwijderd."))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect("surveys:builder", slug=survey.slug)


@login_required
@require_POST
def question_move(request, slug, pk):
    survey = owned_survey(request, slug)
    question = get_object_or_404(Question, pk=pk, version__survey=survey)
    try:
        services.move(request.user, question, _direction(request))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    return redirect(f"{reverse('surveys:builder', kwargs={'slug': survey.slug})}#vraag-{question.pk}")


@login_required
def invitations(request, slug):
    survey = owned_survey(request, slug, "surveys.manage_invitations")
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created = services.add_invitations(request.user, survey, form.contacts)
        skipped = len(form.contacts) - len(created)
        text = _("%(n)s contacten ingelezen.") % {"n": len(created)}
        if skipped:
            text += " " + _("%(n)s stonden al op de lijst en werden overgeslagen.") % {"n": skipped}
        messages.success(request, text)
        return redirect("surveys:invitations", slug=survey.slug)
    qs = survey.invitations.all()
    status = request.GET.get("status", "")
    if status == "niet-verstuurd":
        qs = qs.filter(sent_at__isnull=True)
    elif status == "niet-afgerond":
        qs = qs.filter(sent_at__isnull=False, completed_at__isnull=True)
    elif status == "afgerond":
        qs = qs.filter(completed_at__isnull=False)
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "surveys/invitations.html",
        {
            "survey": survey,
            "form": form,
            "page": page,
            "status": status,
            "unsent": survey.invitations.filter(sent_at__isnull=True).count(),
            "unfinished": survey.invitations.filter(sent_at__isnull=False, completed_at__isnull=True).count(),
            "batch": survey.batches.filter(finished_at__isnull=True).first() or survey.batches.first(),
        },
    )


@login_required
@require_POST
def send_invitations(request, slug):
    survey = owned_survey(request, slug, "surveys.manage_invitations")
    what = request.POST.get("wat")
    if what == "herinneringen":
        targets = list(survey.invitations.filter(sent_at__isnull=False, completed_at__isnull=True))
        kind = InvitationBatch.Kind.REMINDERS
    else:
        targets = list(survey.invitations.filter(sent_at__isnull=True))
        kind = InvitationBatch.Kind.INVITATIONS
    if not targets:
        messages.info(request, _("Er is niemand om een e-mail naar te sturen."))
        return redirect("surveys:invitations", slug=survey.slug)
    try:
        batch = services.send_invitations(request.user, survey, targets, kind)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("surveys:invitations", slug=survey.slug)
    messages.success(request, _("%(n)s e-mails worden verstuurd.") % {"n": batch.total})
    return redirect("surveys:invitations", slug=survey.slug)


@login_required
def batch_progress(request, slug, pk):
    survey = owned_survey(request, slug, "surveys.manage_invitations")
    batch = get_object_or_404(InvitationBatch, pk=pk, survey=survey)
    return render(request, "surveys/includes/batch_progress.html", {"survey": survey, "batch": batch})


@login_required
@require_POST
def invitation_delete(request, slug, pk):
    survey = owned_survey(request, slug, "surveys.manage_invitations")
    invitation = get_object_or_404(Invitation, pk=pk, survey=survey)
    services.delete_invitation(request.user, invitation)
    messages.success(
        request, _("De uitnodiging en het e-mailadres zijn gewist. Eventuele antwoorden blijven anoniem bewaard.")
    )
    return redirect("surveys:invitations", slug=survey.slug)
