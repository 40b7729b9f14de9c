"""Writes for surveys: building and versioning questionnaires, invitations, answering, coding.

Every write runs in ``transaction.atomic()`` and owner actions are logged in the audit trail. Answering
locks the response row, so a double submit or two tabs never store a page twice.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.core.mail import send_templated_mail
from innovet.organisations.permissions import require

from . import definition as defs
from . import tallies
from .answering import parse_page
from .models import (
    Answer,
    Code,
    Invitation,
    InvitationBatch,
    Option,
    Page,
    Question,
    RespondentContact,
    Response,
    Survey,
    SurveyTemplate,
    SurveyVersion,
)
from .structure import chosen_from_answers, load_structure


class SurveyError(ValidationError):
    """A refusal to show the respondent (closed survey, used token...)."""


RESERVED_SLUGS = {"nieuw", "sjablonen", "d", "u", "a"}


def unique_slug(title):
    base = slugify(title)[:200] or "bevraging"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Survey.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- templates ------------------------------------------------------------------------------------


def load_templates():
    """(Re)load the study's questionnaires from the YAML data into ``SurveyTemplate`` rows."""
    return defs.store_templates(SurveyTemplate)


# --- building -------------------------------------------------------------------------------------


@transaction.atomic
def create_survey(user, organisation, title, template=None, **fields):
    require(user, "surveys.add_survey_for", organisation)
    survey = Survey.objects.create(
        organisation=organisation,
        title=title,
        slug=unique_slug(title),
        template=template,
        created_by=user,
        description=fields.pop("description", "") or (template.description if template else ""),
        **fields,
    )
    version = SurveyVersion.objects.create(survey=survey, number=1)
    if template is not None:
        defs.build_version(version, template.definition)
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    log_action(survey, "surveys.survey.created", user, {"template": template.key if template else None})
    return survey


@transaction.atomic
def update_survey(user, form):
    survey = form.instance
    require(user, "surveys.change_survey", survey)
    survey = form.save()
    log_action(survey, "surveys.survey.changed", user, {"fields": sorted(form.changed_data)})
    return survey


def draft_version(survey):
    """The version the builder edits: the newest one if it is not yet published."""
    version = survey.versions.order_by("-number").first()
    return version if version and version.is_editable else None


@transaction.atomic
def new_version(user, survey):
    """Copy the published version into a new draft. Collected answers keep pointing to the old one."""
    require(user, "surveys.change_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    existing = draft_version(survey)
    if existing:
        return existing
    source = survey.current_version
    number = (survey.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SurveyVersion.objects.create(survey=survey, number=number)
    if source is not None:
        defs.build_version(version, defs.version_definition(source))
    log_action(survey, "surveys.version.created", user, {"version": number})
    return version


def check_version(version):
    """Problems that block publication, in Dutch."""
    structure = load_structure(version)
    problems = []
    if not structure.pages:
        problems.append(_("De vragenlijst heeft nog geen pagina's."))
    if not structure.questions:
        problems.append(_("De vragenlijst heeft nog geen vragen."))
    seen = set()
    for page in structure.pages:
        page_keys = {q.key for q in structure.by_page.get(page.pk, [])}
        for item in page.show_if or []:
            if item.get("question") not in seen:
                problems.append(
                    _("Pagina ‘%(page)s’ hangt af van een vraag die niet vóór die pagina komt.") % {"page": page.title}
                )
        for question in structure.by_page.get(page.pk, []):
            if question.is_choice and not structure.choices[question.pk]:
                problems.append(_("Vraag %(key)s heeft geen antwoordmogelijkheden.") % {"key": question.key})
            if question.is_matrix and not (structure.rows[question.pk] and structure.choices[question.pk]):
                problems.append(_("Matrixvraag %(key)s heeft rijen én kolommen nodig.") % {"key": question.key})
            for item in question.show_if or []:
                if item.get("question") not in seen | page_keys or item.get("question") == question.key:
                    problems.append(
                        _("Vraag %(key)s hangt af van een vraag die er niet vóór komt.") % {"key": question.key}
                    )
            seen.add(question.key)
    return problems


@transaction.atomic
def publish(user, survey):
    require(user, "surveys.change_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    version = draft_version(survey)
    if version is None:
        raise ValidationError(_("Er is geen conceptversie om te publiceren."))
    problems = check_version(version)
    if problems:
        raise ValidationError(problems)
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    tallies.ensure(version)
    survey.current_version = version
    survey.status = Survey.Status.PUBLISHED
    survey.save(update_fields=["current_version", "status", "updated_at"])
    log_action(survey, "surveys.survey.published", user, {"version": version.number})
    return version


@transaction.atomic
def close(user, survey):
    require(user, "surveys.change_survey", survey)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    log_action(survey, "surveys.survey.closed", user)


@transaction.atomic
def reopen(user, survey):
    require(user, "surveys.change_survey", survey)
    if survey.closes_at and survey.closes_at <= timezone.now():
        raise ValidationError(_("De sluitingsdatum is voorbij. Kies eerst een nieuwe sluitingsdatum."))
    if not any(v.published_at for v in survey.versions.all()):
        raise ValidationError(_("Publiceer de vragenlijst eerst."))
    survey.status = Survey.Status.PUBLISHED
    survey.save(update_fields=["status", "updated_at"])
    log_action(survey, "surveys.survey.reopened", user)


def _editable(user, version):
    require(user, "surveys.change_survey", version.survey)
    if not version.is_editable:
        raise ValidationError(_("Deze versie is gepubliceerd en kan niet meer veranderen. Maak een nieuwe versie."))


@transaction.atomic
def save_page(user, version, page=None, **fields):
    _editable(user, version)
    if page is None:
        position = (version.pages.aggregate(n=Max("position"))["n"] or 0) + 1
        page = Page.objects.create(version=version, position=position, **fields)
        action = "surveys.page.added"
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        page.save(update_fields=list(fields))
        action = "surveys.page.changed"
    log_action(version.survey, action, user, {"version": version.number, "page": page.title})
    return page


@transaction.atomic
def delete_page(user, page):
    _editable(user, page.version)
    keys = list(page.questions.values_list("key", flat=True))
    _refuse_if_referenced(page.version, keys, exclude_page=page)
    log_action(page.version.survey, "surveys.page.deleted", user, {"page": page.title})
    page.delete()
    _renumber(page.version.pages.order_by("position"))


def _renumber(queryset):
    for index, obj in enumerate(queryset, start=1):
        if obj.position != index:
            obj.position = index
            obj.save(update_fields=["position"])


@transaction.atomic
def move(user, obj, direction):
    """Move a page or question one place up (-1) or down (+1)."""
    version = obj.version
    _editable(user, version)
    siblings = list(
        version.pages.order_by("position") if isinstance(obj, Page) else obj.page.questions.order_by("position")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    target = index + direction
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        _renumber(siblings)
    problems = check_version(version)
    order_problems = [p for p in problems if "vóór" in p]
    if order_problems:
        raise ValidationError(order_problems)


def _refuse_if_referenced(version, keys, exclude_page=None, exclude_question=None):
    keys = set(keys)
    for page in version.pages.all():
        if page != exclude_page and any(item.get("question") in keys for item in page.show_if or []):
            raise ValidationError(
                _("Pagina ‘%(page)s’ hangt van deze vraag af. Pas eerst die voorwaarde aan.") % {"page": page.title}
            )
    for question in version.questions.all():
        if exclude_page and question.page_id == exclude_page.pk:
            continue
        if question != exclude_question and any(item.get("question") in keys for item in question.show_if or []):
            raise ValidationError(
                _("Vraag %(key)s hangt van deze vraag af. Pas eerst die voorwaarde aan.") % {"key": question.key}
            )


def _sync_options(question, role, items):
    """Replace a question's options, keeping the key of options whose label stays the same."""
    existing = {o.label: o for o in question.options.filter(role=role)}
    keep = []
    taken = set()
    for item in items:
        old = existing.get(item["label"])
        if old and old.key not in taken:
            key = old.key
            taken.add(key)
        else:
            key = defs.option_key(item["label"], taken | {o.key for o in existing.values()})
        keep.append((key, item))
    question.options.filter(role=role).delete()
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                role=role,
                position=index,
                key=key,
                label=item["label"],
                is_other=item.get("is_other", False),
                is_exclusive=item.get("is_exclusive", False),
                ends_survey=item.get("ends_survey", False),
            )
            for index, (key, item) in enumerate(keep, start=1)
        ]
    )


@transaction.atomic
def save_question(user, page, question=None, *, options=None, rows=None, columns=None, **fields):
    version = page.version
    _editable(user, version)
    creating = question is None
    if creating:
        position = (page.questions.aggregate(n=Max("position"))["n"] or 0) + 1
        question = Question(page=page, version=version, position=position)
    for name, value in fields.items():
        setattr(question, name, value)
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"key": _("Er is al een vraag met variabelenaam ‘%(key)s’.") % {"key": question.key}}
        ) from exc
    if question.is_matrix:
        _sync_options(question, Option.Role.ROW, rows or [])
        _sync_options(question, Option.Role.COLUMN, columns or [])
        question.options.filter(role=Option.Role.CHOICE).delete()
    elif question.is_choice:
        _sync_options(question, Option.Role.CHOICE, options or defs.default_options(question.kind))
        question.options.exclude(role=Option.Role.CHOICE).delete()
    else:
        question.options.all().delete()
    log_action(
        version.survey,
        "surveys.question.added" if creating else "surveys.question.changed",
        user,
        {"version": version.number, "question": question.key},
    )
    return question


@transaction.atomic
def delete_question(user, question):
    _editable(user, question.version)
    _refuse_if_referenced(question.version, [question.key], exclude_question=question)
    log_action(question.version.survey, "surveys.question.deleted", user, {"question": question.key})
    page = question.page
    question.delete()
    _renumber(page.questions.order_by("position"))


# --- invitations ----------------------------------------------------------------------------------


@transaction.atomic
def add_invitations(user, survey, contacts):
    """Create invitations for ``[(email, name)]``; existing addresses are skipped. Returns the new ones."""
    require(user, "surveys.manage_invitations", survey)
    existing = set(survey.invitations.values_list("email", flat=True))
    new = []
    for email, name in contacts:
        email = email.strip().lower()
        if email in existing:
            continue
        existing.add(email)
        new.append(Invitation(survey=survey, email=email, name=name.strip()[:200]))
    Invitation.objects.bulk_create(new)
    created = list(survey.invitations.filter(email__in=[i.email for i in new]))
    log_action(survey, "surveys.invitations.imported", user, {"count": len(created)})
    return created


def send_invitations(user, survey, invitations, kind=InvitationBatch.Kind.INVITATIONS):
    """Queue a sending round; the worker sends and counts progress on the batch."""
    require(user, "surveys.manage_invitations", survey)
    if not survey.is_open:
        raise ValidationError(
            _("Publiceer de bevraging (en zorg dat ze niet afgesloten is) voor je uitnodigingen verstuurt.")
        )
    ids = [i.pk for i in invitations]
    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            survey=survey, kind=kind, invitation_ids=ids, total=len(ids), created_by=user
        )
        log_action(survey, f"surveys.{kind}.queued", user, {"count": len(ids)})
    from .tasks import process_batch

    transaction.on_commit(lambda: process_batch(batch.pk))
    return batch


def run_batch(batch_id):
    """Send each mail of a batch (called by the worker), counting progress as it goes."""
    batch = InvitationBatch.objects.select_related("survey", "survey__organisation").get(pk=batch_id)
    survey = batch.survey
    reminder = batch.kind == InvitationBatch.Kind.REMINDERS
    invitations = Invitation.objects.filter(pk__in=batch.invitation_ids, completed_at__isnull=True)
    for invitation in invitations.iterator():
        send_templated_mail(
            invitation.email,
            "surveys/email/reminder" if reminder else "surveys/email/invitation",
            {
                "survey_title": survey.title,
                "organisation_name": survey.organisation.name,
                "name": invitation.name,
                "path": invitation.get_absolute_url(),
                "closes_at": survey.closes_at,
            },
        )
        now = timezone.now()
        if reminder:
            Invitation.objects.filter(pk=invitation.pk).update(
                last_reminded_at=now, reminder_count=F("reminder_count") + 1
            )
        else:
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)
        InvitationBatch.objects.filter(pk=batch.pk).update(processed=F("processed") + 1)
    InvitationBatch.objects.filter(pk=batch.pk).update(processed=F("total"), finished_at=timezone.now())


def reminders_due(survey, now=None):
    now = now or timezone.now()
    limit = now - timedelta(days=survey.reminder_days)
    qs = survey.invitations.filter(
        sent_at__isnull=False, completed_at__isnull=True, reminder_count__lt=survey.max_reminders
    )
    return [i for i in qs if (i.last_reminded_at or i.sent_at) <= limit]


def send_due_reminders(now=None):
    """Daily job: remind invitees of open surveys who have not finished. Returns the number queued."""
    total = 0
    for survey in Survey.objects.filter(status=Survey.Status.PUBLISHED):
        if not survey.is_open:
            continue
        due = reminders_due(survey, now)
        if due:
            with transaction.atomic():
                batch = InvitationBatch.objects.create(
                    survey=survey,
                    kind=InvitationBatch.Kind.REMINDERS,
                    invitation_ids=[i.pk for i in due],
                    total=len(due),
                )
                log_action(survey, "surveys.herinneringen.queued", None, {"count": len(due)})
            run_batch(batch.pk)
            total += len(due)
    return total


@transaction.atomic
def delete_invitation(user, invitation):
    """Remove an invitee's name and e-mail (on request). Their answers stay, without the link to them."""
    require(user, "surveys.manage_invitations", invitation.survey)
    log_action(invitation.survey, "surveys.invitation.deleted", user)
    invitation.delete()


# --- answering ------------------------------------------------------------------------------------


def check_open(survey):
    if survey.status == Survey.Status.DRAFT or survey.current_version_id is None:
        raise SurveyError(_("Deze bevraging is nog niet gepubliceerd."))
    if survey.is_closed:
        if survey.closes_at and survey.closes_at <= timezone.now():
            raise SurveyError(
                _("Deze bevraging is afgesloten sinds %(date)s. Antwoorden kunnen niet meer worden ingediend.")
                % {"date": timezone.localtime(survey.closes_at).strftime("%d/%m/%Y %H:%M")}
            )
        raise SurveyError(_("Deze bevraging is afgesloten. Antwoorden kunnen niet meer worden ingediend."))


def check_invitation(invitation):
    check_open(invitation.survey)
    if invitation.completed_at:
        raise SurveyError(
            _("Met deze persoonlijke link werd de bevraging al ingevuld. Elke link geldt voor één antwoord.")
        )


def register_open(version, invitation=None):
    SurveyVersion.objects.filter(pk=version.pk).update(opened_count=F("opened_count") + 1)
    if invitation is not None and invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())


@transaction.atomic
def start_response(survey, start_key=None, invitation=None):
    """Start (or, for the same invitation or start form, return) a response. Never two for one token."""
    survey = Survey.objects.select_related("current_version").get(pk=survey.pk)
    check_open(survey)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        check_invitation(invitation)
        existing = Response.objects.filter(invitation=invitation).first()
        if existing:
            return existing
    elif not survey.open_link_enabled:
        raise SurveyError(_("Deze bevraging is enkel toegankelijk met een persoonlijke uitnodiging."))
    if start_key:
        existing = Response.objects.filter(start_key=start_key).first()
        if existing:
            if existing.survey_id != survey.pk:
                raise SurveyError(_("Dit formulier hoort niet bij deze bevraging. Laad de pagina opnieuw."))
            return existing
    structure = load_structure(survey.current_version)
    first = structure.next_page(0, {})
    kwargs = {"survey": survey, "version": survey.current_version, "invitation": invitation}
    kwargs["current_page"] = first.position if first else 1
    if start_key:
        kwargs["start_key"] = start_key
    try:
        with transaction.atomic():
            response = Response.objects.create(**kwargs)
    except IntegrityError:
        # The same start form (or invitation) was submitted twice at once: hand back the first one.
        if invitation is not None:
            return Response.objects.get(invitation=invitation)
        return Response.objects.get(start_key=start_key)
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(started_at=timezone.now())
    return response


def response_chosen(structure, response):
    return chosen_from_answers(structure, Answer.objects.filter(response=response).values("question_id", "option_id"))


class PageResult:
    def __init__(self, parsed, response, finished=False, next_page=None):
        self.parsed, self.response, self.finished, self.next_page = parsed, response, finished, next_page


@transaction.atomic
def submit_page(response_id, page_id, version_id, data, action="volgende"):
    """Store one page of answers. ``action``: volgende (check everything), vorige or later (keep what is
    filled in, check only that it is valid). Nothing is stored when a check fails."""
    try:
        response = Response.objects.select_for_update().select_related("survey", "version").get(pk=response_id)
    except Response.DoesNotExist as exc:
        raise SurveyError(_("Dit antwoordformulier bestaat niet (meer).")) from exc
    if response.is_finished:
        raise SurveyError(_("Je hebt deze bevraging al ingediend. Bedankt!"))
    check_open(response.survey)
    if str(version_id) != str(response.version_id):
        raise SurveyError(_("Het formulier hoort bij een andere versie van de vragenlijst. Laad de pagina opnieuw."))
    structure = load_structure(response.version)
    page = next((p for p in structure.pages if str(p.pk) == str(page_id)), None)
    if page is None or page.position != response.current_page:
        raise SurveyError(
            _("Deze pagina werd al ingediend of hoort niet bij je formulier. Je gaat verder waar je was gebleven.")
        )
    chosen = response_chosen(structure, response)
    parsed = parse_page(structure, page, data, chosen, strict=(action == "volgende"))
    if not parsed.ok:
        return PageResult(parsed, response)
    page_question_ids = [q.pk for q in structure.by_page.get(page.pk, [])]
    old_answers = Answer.objects.filter(response=response, question_id__in=page_question_ids)
    before = tallies.keys(old_answers.values_list("question_id", "row_id", "option_id"))
    old_answers.delete()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=a["question"],
                row=a.get("row"),
                option=a.get("option"),
                text=a.get("text", ""),
                number=a.get("number"),
            )
            for a in parsed.answers
        ]
    )
    after = tallies.keys(
        (a["question"].pk, a["row"].pk if a.get("row") else None, a["option"].pk if a.get("option") else None)
        for a in parsed.answers
    )
    tallies.apply(response.version_id, before, after)
    contact_keys = {q.key for q in structure.by_page.get(page.pk, []) if q.kind == "contact"}
    if contact_keys:
        contact = next(iter(parsed.contacts.values()), None)
        if contact:
            RespondentContact.objects.update_or_create(response=response, defaults=contact)
        else:
            RespondentContact.objects.filter(response=response).delete()
    for q in structure.by_page.get(page.pk, []):
        chosen.pop(q.key, None)
    chosen.update(parsed.chosen)
    fields = ["current_page", "furthest_page", "updated_at"]
    if action == "vorige":
        previous = structure.previous_page(page.position, chosen)
        response.current_page = previous.position if previous else page.position
        response.save(update_fields=fields)
        return PageResult(parsed, response)
    if action == "later":
        response.save(update_fields=fields)
        return PageResult(parsed, response)
    response.furthest_page = max(response.furthest_page, page.position)
    if parsed.ends_with is not None:
        response.status = Response.Status.SCREENED_OUT
        response.end_message = parsed.ends_with.end_message or _("De bevraging eindigt hier. Bedankt.")
        _finish(response, structure, chosen, fields)
        return PageResult(parsed, response, finished=True)
    following = structure.next_page(page.position, chosen)
    if following is None:
        response.status = Response.Status.COMPLETED
        _finish(response, structure, chosen, fields)
        return PageResult(parsed, response, finished=True)
    response.current_page = following.position
    response.save(update_fields=fields)
    return PageResult(parsed, response, next_page=following)


def _finish(response, structure, chosen, fields):
    response.completed_at = timezone.now()
    _purge_hidden(response, structure)
    invitation_id = response.invitation_id
    if invitation_id:
        Invitation.objects.filter(pk=invitation_id).update(completed_at=response.completed_at)
        if response.survey.anonymous:
            response.invitation = None  # anonymous: the answers no longer point to the person
            fields = [*fields, "invitation"]
    response.save(update_fields=[*fields, "status", "end_message", "completed_at"])


def _purge_hidden(response, structure):
    """Drop answers to questions that a changed earlier answer has hidden again."""
    answers = list(Answer.objects.filter(response=response).values("question_id", "option_id"))
    by_question = {}
    for a in answers:
        by_question.setdefault(a["question_id"], []).append(a)
    chosen, hidden = {}, []
    for question in structure.questions:
        if question.pk not in by_question:
            continue
        if structure.question_visible(question, chosen):
            chosen.update(chosen_from_answers(structure, by_question[question.pk]))
        else:
            hidden.append(question.pk)
    if hidden:
        hidden_answers = Answer.objects.filter(response=response, question_id__in=hidden)
        tallies.apply(
            response.version_id, tallies.keys(hidden_answers.values_list("question_id", "row_id", "option_id")), set()
        )
        hidden_answers.delete()
        if any(structure.by_id[q].kind == "contact" for q in hidden):
            RespondentContact.objects.filter(response=response).delete()


def send_copy(response, email):
    """Mail the respondent a copy of their answers. The address is used once and not stored."""
    from .selectors import response_answers

    if not response.is_finished:
        raise ValidationError(_("Een kopie kan pas wanneer je de bevraging hebt ingediend."))
    rows = response_answers(response)
    transaction.on_commit(
        lambda: send_templated_mail(
            email,
            "surveys/email/copy",
            {"survey_title": response.survey.title, "rows": rows, "completed_at": response.completed_at},
        )
    )


@transaction.atomic
def erase_own_contact(response):
    """The respondent (with their resume link) deletes the contact details they gave."""
    deleted, _rows = RespondentContact.objects.filter(response=response).delete()
    return bool(deleted)


@transaction.atomic
def delete_contact(user, contact):
    require(user, "surveys.view_results", contact.response.survey)
    log_action(contact.response.survey, "surveys.contact.deleted", user, {"response": contact.response_id})
    contact.delete()


# --- coding open answers --------------------------------------------------------------------------


@transaction.atomic
def set_codes(user, answer, labels):
    """Tag an open answer with codes (created on first use). ``labels``: the full new set."""
    survey = answer.response.survey
    require(user, "surveys.view_results", survey)
    if not answer.question.is_text and not answer.text:
        raise ValidationError(_("Enkel open antwoorden kunnen gecodeerd worden."))
    codes = []
    for label in labels:
        label = label.strip()[:80]
        if label:
            code, _created = Code.objects.get_or_create(survey=survey, label=label)
            codes.append(code)
    answer.codes.set(codes)
    log_action(survey, "surveys.answer.coded", user, {"answer": answer.pk, "codes": [c.label for c in codes]})
    return codes


@transaction.atomic
def delete_code(user, code):
    require(user, "surveys.view_results", code.survey)
    log_action(code.survey, "surveys.code.deleted", user, {"code": code.label})
    code.delete()


def resume_path(response):
    return reverse("surveys:resume", kwargs={"token": response.resume_token})
