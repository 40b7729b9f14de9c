"""Results pages for owners: report (funnel + frequencies), cross-tabs, open answers with coding,
contact details, exports (CSV streamed, XLSX, codebook)."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import exports, selectors, services
from .forms import CodesForm
from .models import Answer, Code, RespondentContact
from .structure import load_structure
from .views import owned_survey


def _version(request, survey):
    """The version to report on: ?versie=N, else the current one."""
    number = request.GET.get("versie")
    versions = survey.versions.filter(published_at__isnull=False)
    if number and number.isdigit():
        version = versions.filter(number=int(number)).first()
        if version is None:
            raise Http404(_("Deze versie bestaat niet."))
        return version
    version = (
        survey.current_version if survey.current_version and survey.current_version.published_at else versions.first()
    )
    if version is None:
        raise Http404(_("Deze bevraging is nog niet gepubliceerd: er zijn nog geen resultaten."))
    return version


def _context(request, slug):
    survey = owned_survey(request, slug, "surveys.view_results")
    version = _version(request, survey)
    structure = load_structure(version)
    filters = selectors.parse_filters(structure, request.GET)
    active = []
    for question_id, option_ids in filters.answers.items():
        q = structure.by_id[question_id]
        for option_id in option_ids:
            active.append(
                {"question": q, "option": structure.option_by_id[option_id], "value": f"{question_id}:{option_id}"}
            )
    return {
        "survey": survey,
        "version": version,
        "structure": structure,
        "filters": filters,
        "active_filters": active,
        "filter_questions": [(q, structure.choices[q.pk]) for q in selectors.choice_questions(structure)],
        "versions": survey.versions.filter(published_at__isnull=False).order_by("number"),
        "querystring": request.GET.urlencode(),
    }


@login_required
def report(request, slug):
    ctx = _context(request, slug)
    structure = ctx["structure"]
    freqs = selectors.frequencies(structure, ctx["filters"])
    funnel = selectors.funnel(structure, ctx["filters"])
    ctx.update(
        {
            "funnel": funnel,
            "funnel_chart": {
                "type": "funnel",
                "labels": [s["label"] for s in funnel["steps"]],
                "datasets": [{"label": _("Aantal respondenten"), "data": [s["n"] for s in funnel["steps"]]}],
            },
            "freqs": freqs,
            "charts": selectors.chart_data(freqs),
        }
    )
    return render(request, "surveys/results/report.html", ctx)


@login_required
def crosstab(request, slug):
    ctx = _context(request, slug)
    structure = ctx["structure"]
    questions = selectors.choice_questions(structure)
    table = None
    question = structure.by_key.get(request.GET.get("vraag", ""))
    by = structure.by_key.get(request.GET.get("per", ""))
    if question and by:
        if not (question.is_choice and by.is_choice):
            messages.error(request, _("Kies voor een kruistabel twee vragen met antwoordmogelijkheden."))
        elif question == by:
            messages.error(request, _("Kies twee verschillende vragen."))
        else:
            table = selectors.crosstab(structure, question, by, ctx["filters"])
    ctx.update({"questions": questions, "table": table, "question": question, "by": by})
    return render(request, "surveys/results/crosstab.html", ctx)


@login_required
def open_answers(request, slug):
    ctx = _context(request, slug)
    structure = ctx["structure"]
    questions = selectors.text_questions(structure)
    question = structure.by_key.get(request.GET.get("vraag", "")) or (questions[0] if questions else None)
    search = request.GET.get("q", "").strip()[:200]
    code_id = request.GET.get("code")
    code_id = int(code_id) if code_id and code_id.isdigit() else None
    page = None
    if question:
        page = Paginator(selectors.open_answers(structure, question, search, code_id, ctx["filters"]), 25).get_page(
            request.GET.get("pagina")
        )
    ctx.update(
        {
            "questions": questions,
            "question": question,
            "search": search,
            "code_id": code_id,
            "page": page,
            "codes": selectors.code_counts(ctx["survey"], question),
        }
    )
    return render(request, "surveys/results/open_answers.html", ctx)


@login_required
@require_POST
def code_answer(request, slug, pk):
    survey = owned_survey(request, slug, "surveys.view_results")
    answer = get_object_or_404(
        Answer.objects.select_related("response__survey", "question"), pk=pk, response__survey=survey
    )
    form = CodesForm(request.POST)
    if form.is_valid():
        services.set_codes(request.user, answer, form.labels())
        messages.success(request, _("Codes bewaard."))
    else:
        messages.error(request, _("De codes zijn te lang (maximaal 500 tekens samen)."))
    return redirect(_safe_back(request, survey))


def _safe_back(request, survey):
    back = request.POST.get("terug", "")
    prefix = f"/bevragingen/{survey.slug}/resultaten/"
    return back if back.startswith(prefix) else prefix + "open-antwoorden/"


@login_required
@require_POST
def code_delete(request, slug, pk):
    survey = owned_survey(request, slug, "surveys.view_results")
    code = get_object_or_404(Code, pk=pk, survey=survey)
    services.delete_code(request.user, code)
    messages.success(request, _("Code ‘%(label)s’ verwijderd.") % {"label": code.label})
    return redirect(_safe_back(request, survey))


@login_required
def contacts(request, slug):
    survey = owned_survey(request, slug, "surveys.view_results")
    page = Paginator(selectors.contacts(survey), 50).get_page(request.GET.get("pagina"))
    return render(request, "surveys/results/contacts.html", {"survey": survey, "page": page})


@login_required
@require_POST
def contact_delete(request, slug, pk):
    survey = owned_survey(request, slug, "surveys.view_results")
    contact = get_object_or_404(RespondentContact, pk=pk, response__survey=survey)
    services.delete_contact(request.user, contact)
    messages.success(request, _("De contactgegevens zijn gewist."))
    return redirect("surveys:contacts", slug=slug)


def _filename(survey, version, ext):
    return f"{survey.slug}-v{version.number}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def export_csv(request, slug):
    ctx = _context(request, slug)
    survey, version = ctx["survey"], ctx["version"]
    identified = not survey.anonymous
    response = StreamingHttpResponse(
        exports.csv_stream(ctx["structure"], ctx["filters"], identified=identified),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, version, "csv")}"'
    return response


@login_required
def export_xlsx(request, slug):
    ctx = _context(request, slug)
    survey, version = ctx["survey"], ctx["version"]
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # removed when the response closes it
    exports.write_xlsx(ctx["structure"], handle.name, ctx["filters"], identified=not survey.anonymous)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(survey, version, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def codebook_csv(request, slug):
    ctx = _context(request, slug)
    text = exports.codebook_csv(ctx["structure"], identified=not ctx["survey"].anonymous)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="codeboek-{_filename(ctx["survey"], ctx["version"], "csv")}"'
    )
    return response
