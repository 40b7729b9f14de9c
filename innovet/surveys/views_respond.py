"""Respondent pages: the open link, personal invitations, answering page by page, the end page.

No account is needed. A response is reached through its resume link (``/a/<token>/``), which is also how
a respondent saves and continues later.
"""

import json
import uuid

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from innovet.organisations.permissions import schools as schools_of

from . import needs, services
from .forms import CopyForm, NeedFromAnswersForm
from .models import Invitation, QuestionKind, Response, Survey
from .services import SurveyError
from .structure import load_structure


def _refused(request, survey, message, status=410):
    return render(request, "surveys/respond/refused.html", {"survey": survey, "message": message}, status=status)


def _session_key(survey):
    return f"surveys_resume_{survey.pk}"


def _intro(request, survey, invitation=None):
    version = survey.current_version
    opened_key = f"surveys_opened_{version.pk}"
    if request.method == "GET" and not request.session.get(opened_key):
        services.register_open(version, invitation)
        request.session[opened_key] = True
    resume_token = request.session.get(_session_key(survey))
    existing = None
    if invitation is not None:
        existing = Response.objects.filter(invitation=invitation).first()
    elif resume_token:
        existing = Response.objects.filter(
            resume_token=resume_token, survey=survey, status=Response.Status.STARTED
        ).first()
    structure = load_structure(version)
    return render(
        request,
        "surveys/respond/intro.html",
        {
            "survey": survey,
            "version": version,
            "invitation": invitation,
            "start_key": uuid.uuid4(),
            "existing": existing,
            "page_count": len(structure.pages),
            "video_embed": _video_embed(version.intro_video_url),
        },
    )


def _video_embed(url):
    """A YouTube link as a privacy-friendly embed address (youtube-nocookie), or None."""
    if not url:
        return None
    for prefix in ("https://youtu.be/", "https://www.youtube.com/watch?v=", "https://youtube.com/watch?v="):
        if url.startswith(prefix):
            video_id = url[len(prefix) :].split("&")[0].split("?")[0]
            if video_id.replace("-", "").replace("_", "").isalnum():
                return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def _start(request, survey, invitation=None):
    raw_key = request.POST.get("start_key", "")
    try:
        start_key = uuid.UUID(raw_key)
    except ValueError:
        messages.error(request, _("Het startformulier was ongeldig. Probeer opnieuw."))
        return redirect(request.path)
    try:
        response = services.start_response(survey, start_key=start_key, invitation=invitation)
    except SurveyError as exc:
        return _refused(request, survey, exc.messages[0])
    request.session[_session_key(survey)] = response.resume_token
    return redirect("surveys:resume", token=response.resume_token)


VIDEO_CSP = {"frame-src": ["https://www.youtube-nocookie.com"]}


@csp_update(VIDEO_CSP)
def open_link(request, token):
    survey = get_object_or_404(Survey.objects.select_related("current_version", "organisation"), public_token=token)
    try:
        services.check_open(survey)
    except SurveyError as exc:
        return _refused(request, survey, exc.messages[0])
    if not survey.open_link_enabled:
        return _refused(
            request, survey, _("Deze bevraging is enkel toegankelijk met een persoonlijke uitnodiging."), 403
        )
    if request.method == "POST":
        return _start(request, survey)
    return _intro(request, survey)


@csp_update(VIDEO_CSP)
def invitation(request, token):
    invitation = (
        Invitation.objects.select_related("survey", "survey__current_version", "survey__organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        return _refused(
            request,
            None,
            _(
                "Deze persoonlijke link is niet (meer) geldig. Misschien werd de uitnodiging ingetrokken; "
                "vraag een nieuwe link aan de organisator."
            ),
            404,
        )
    try:
        services.check_invitation(invitation)
    except SurveyError as exc:
        return _refused(request, invitation.survey, exc.messages[0])
    existing = Response.objects.filter(invitation=invitation).first()
    if existing and request.method == "GET" and request.GET.get("opnieuw") is None:
        if existing.is_finished:
            return redirect("surveys:finished", token=existing.resume_token)
    if request.method == "POST":
        return _start(request, invitation.survey, invitation)
    return _intro(request, invitation.survey, invitation)


def _page_items(structure, page, chosen, values, errors):
    """What the page template renders: visible questions, with conditions on this page as data for JS."""
    page_keys = {q.key for q in structure.by_page.get(page.pk, [])}
    items = []
    for q in structure.by_page.get(page.pk, []):
        same_page = [c for c in q.show_if or [] if c.get("question") in page_keys]
        if not structure.question_visible(
            q,
            {k: v for k, v in chosen.items() if k not in page_keys} | {c["question"]: set(c["any"]) for c in same_page},
        ):
            continue
        hint = ""
        if same_page:
            parts = []
            for c in same_page:
                other = structure.by_key[c["question"]]
                labels = [o.label for o in structure.choices[other.pk] if o.key in c["any"]]
                parts.append(_("je bij ‘%(q)s’ antwoordde: %(a)s") % {"q": other.text[:80], "a": " / ".join(labels)})
            hint = _("Enkel te beantwoorden als ") + _(" en ").join(parts) + "."
        items.append(_item(structure, q, values, errors, same_page, hint))
    return items


def _item(structure, q, values, errors, same_page, hint):
    key = q.key
    value = values.get(key)
    chosen = set(value if isinstance(value, list) else [value] if value else [])
    options = [
        {
            "o": o,
            "id": f"q_{key}_{o.key}",
            "checked": o.key in chosen,
            "text": values.get(f"{key}_{o.key}_tekst", ""),
        }
        for o in structure.choices[q.pk]
    ]
    rows = []
    for r in structure.rows[q.pk]:
        picked = set(values.get(f"{key}__{r.key}", []))
        rows.append(
            {
                "r": r,
                "name": f"q_{key}__{r.key}",
                "text": values.get(f"{key}__{r.key}_tekst", ""),
                "cells": [
                    {"o": o, "id": f"q_{key}__{r.key}__{o.key}", "checked": o.key in picked}
                    for o in options_of(structure, q)
                ],
            }
        )
    return {
        "q": q,
        "name": f"q_{key}",
        "options": options,
        "rows": rows,
        "columns": structure.choices[q.pk],
        "value": value if isinstance(value, str) else "",
        "contact": {f: values.get(f"{key}_{f}", "") for f in ("naam", "organisatie", "email", "telefoon")},
        "error": errors.get(key),
        "show_if_json": json.dumps(same_page) if same_page else "",
        "hint": hint,
        "is_contact": q.kind == QuestionKind.CONTACT,
    }


def options_of(structure, q):
    return structure.choices[q.pk]


def _values_from_answers(structure, response, page):
    values = {}
    question_ids = {q.pk: q for q in structure.by_page.get(page.pk, [])}
    for a in response.answers.filter(question_id__in=list(question_ids)):
        q = question_ids[a.question_id]
        option = structure.option_by_id.get(a.option_id)
        row = structure.option_by_id.get(a.row_id)
        if q.is_matrix and row and option:
            values.setdefault(f"{q.key}__{row.key}", []).append(option.key)
            if a.text:
                values[f"{q.key}__{row.key}_tekst"] = a.text
        elif q.is_multi and option:
            values.setdefault(q.key, []).append(option.key)
            if a.text:
                values[f"{q.key}_{option.key}_tekst"] = a.text
        elif option:
            values[q.key] = option.key
            if a.text:
                values[f"{q.key}_{option.key}_tekst"] = a.text
        elif a.number is not None:
            values[q.key] = f"{a.number.normalize():f}".replace(".", ",")
        else:
            values[q.key] = a.text
    contact = getattr(response, "contact", None)
    for q in question_ids.values():
        if q.kind == QuestionKind.CONTACT and contact:
            values.update(
                {
                    f"{q.key}_naam": contact.name,
                    f"{q.key}_organisatie": contact.organisation,
                    f"{q.key}_email": contact.email,
                    f"{q.key}_telefoon": contact.phone,
                }
            )
    return values


def resume(request, token):
    response = get_object_or_404(
        Response.objects.select_related("survey", "version", "survey__organisation"), resume_token=token
    )
    survey = response.survey
    if response.is_finished:
        return redirect("surveys:finished", token=token)
    try:
        services.check_open(survey)
    except SurveyError as exc:
        return _refused(request, survey, exc.messages[0])
    request.session[_session_key(survey)] = token
    structure = load_structure(response.version)
    errors, values, saved_later = {}, None, False
    if request.method == "POST":
        action = request.POST.get("actie", "volgende")
        if action not in ("volgende", "vorige", "later"):
            action = "volgende"
        try:
            result = services.submit_page(
                response.pk, request.POST.get("pagina"), request.POST.get("versie"), request.POST, action
            )
        except SurveyError as exc:
            messages.error(request, exc.messages[0])
            return redirect("surveys:resume", token=token)
        if result.finished:
            return redirect("surveys:finished", token=token)
        if result.parsed.ok:
            if action == "later":
                saved_later = True
                response.refresh_from_db()
            else:
                return redirect("surveys:resume", token=token)
        else:
            errors, values = result.parsed.errors, result.parsed.values
    page = structure.page_at(response.current_page)
    chosen = services.response_chosen(structure, response)
    if values is None:
        values = _values_from_answers(structure, response, page)
    visible = structure.visible_page_positions(chosen)
    step = visible.index(page.position) + 1 if page.position in visible else 1
    items = _page_items(structure, page, chosen, values, errors)
    return render(
        request,
        "surveys/respond/page.html",
        {
            "survey": survey,
            "response": response,
            "page": page,
            "items": items,
            "errors": [(item, item["error"]) for item in items if item["error"]],
            "step": step,
            "steps": len(visible),
            "progress": round(100 * (step - 1) / max(len(visible), 1)),
            "has_previous": structure.previous_page(page.position, chosen) is not None,
            "is_last": structure.next_page(page.position, chosen) is None,
            "saved_later": saved_later,
            "resume_url": request.build_absolute_uri(reverse("surveys:resume", kwargs={"token": token})),
        },
        status=200,
    )


def finished(request, token):
    response = get_object_or_404(Response.objects.select_related("survey", "version"), resume_token=token)
    if not response.is_finished:
        return redirect("surveys:resume", token=token)
    form = CopyForm(request.POST or None if request.POST.get("actie") == "kopie" else None)
    need_draft, need_form = None, None
    my_schools = schools_of(request.user) if request.user.is_authenticated else []
    if my_schools and response.status == Response.Status.COMPLETED:
        need_draft = needs.need_data(response)
        if need_draft:
            need_form = NeedFromAnswersForm(
                request.POST if request.POST.get("actie") == "nood" else None, schools=my_schools
            )
    if request.method == "POST":
        if request.POST.get("actie") == "kopie" and form.is_valid():
            services.send_copy(response, form.cleaned_data["email"])
            messages.success(request, _("Een kopie van je antwoorden is onderweg naar %(email)s.") % form.cleaned_data)
            return redirect("surveys:finished", token=token)
        if request.POST.get("actie") == "nood" and need_form is not None:
            if need_form.is_valid():
                try:
                    need = needs.create_need_from_response(
                        request.user,
                        response,
                        need_form.cleaned_data["school"],
                        need_form.cleaned_data["need_type"].code,
                        need_form.cleaned_data["max_distance_km"],
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        messages.error(request, message)
                else:
                    messages.success(request, _("Je nood staat in Noden & matchmaking. Bekijk er de suggesties."))
                    return redirect(need)
        elif request.POST.get("actie") == "contact-wissen":
            if services.erase_own_contact(response):
                messages.success(request, _("Je contactgegevens zijn gewist. Je antwoorden blijven anoniem bewaard."))
            return redirect("surveys:finished", token=token)
    return render(
        request,
        "surveys/respond/finished.html",
        {
            "survey": response.survey,
            "response": response,
            "form": form,
            "has_contact": hasattr(response, "contact"),
            "screened_out": response.status == Response.Status.SCREENED_OUT,
            "need_draft": need_draft,
            "need_form": need_form,
        },
    )
