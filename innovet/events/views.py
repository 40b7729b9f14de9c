import csv
import io
import json

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innovet.catalogue import selectors as catalogue_selectors
from innovet.catalogue.views import _label_of_sort, _page
from innovet.core.forms import add_service_errors
from innovet.core.shortcuts import flash_errors
from innovet.core.spreadsheets import neutralise_row, text_row
from innovet.geo.models import Province
from innovet.organisations.models import Organisation
from innovet.participation.models import ParticipationRole
from innovet.substitution import registry as substitution_registry

from . import calendar, selectors, services
from .forms import DayForm, DecisionForm, EventForm, HalfDayForm, RegistrationForm, SessionForm, SlotForm, TeamForm
from .models import Approval, Booking, BookingStatus, Event, Registration, SchoolPolicy, Session, TimeSlot


def _event(request, pk, perm="events.view_event"):
    event = get_object_or_404(selectors.event_detail_queryset(), pk=pk)
    if not request.user.has_perm(perm, event):
        if perm == "events.view_event":
            raise Http404
        raise PermissionDenied
    return event


# --- public pages ------------------------------------------------------------------------------


def event_list(request):
    """Published events, searched with the catalogue's parser and facets (the same URL parameters)."""
    state = catalogue_selectors.parse_search(request.GET, request.user, "events")
    if "sorteer" not in request.GET and not state.text:
        state.sort_param, state.query.sort = "eerstvolgende", "date"
    result = catalogue_selectors.run_search(state)
    items = selectors.events_for_hits(result.hits)
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    chips = catalogue_selectors.active_filters(state)
    for chip in chips:
        remaining = querystring.copy()
        remaining.setlist(chip["facet"], [v for v in remaining.getlist(chip["facet"]) if v != chip["value"]])
        chip["remove"] = remaining.urlencode()
    context = {
        "state": state,
        "result": result,
        "items": items,
        "page": _page(result, state.query, items),
        "total": result.total,
        "facets": catalogue_selectors.facet_panels(state, result),
        "chips": chips,
        "radii": catalogue_selectors.RADII,
        "sorts": [(k, _label_of_sort(k)) for k in catalogue_selectors.SORTS],
        "querystring": querystring.urlencode(),
        "provinces": Province.objects.filter(in_scope=True).order_by("name"),
    }
    return render(request, "events/event_list.html", context)


def event_detail(request, pk, slug=None):
    event = _event(request, pk)
    if slug != event.slug:
        return redirect(event, permanent=slug is not None)
    programme = selectors.programme(event)
    registration = selectors.my_registration(request.user, event)
    form = None
    closed = services.registration_closed(event, programme) if event.is_published else None
    if request.user.is_authenticated and registration is None and event.is_published and not closed:
        form = RegistrationForm(event=event, programme=programme)
    can_team = bool(request.user.is_authenticated and services.school_contact_schools(request.user))
    context = {
        "event": event,
        "programme": programme,
        "registration": registration,
        "form": form,
        "closed": closed,
        "can_team": can_team,
        "can_edit": request.user.has_perm("events.change_event", event),
        "map_points": json.dumps([{"lat": event.latitude, "lon": event.longitude, "label": event.venue_name}])
        if event.has_point
        else "",
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_POST
def register(request, pk):
    event = _event(request, pk)
    programme = selectors.programme(event)
    form = RegistrationForm(request.POST, event=event, programme=programme)
    if form.is_valid():
        try:
            registration = services.register(
                request.user,
                event,
                request.user,
                form.session_ids(),
                form.cleaned_data.get("dietary_needs", ""),
                form.cleaned_data.get("access_needs", ""),
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            waiting = registration.bookings.filter(status=BookingStatus.WAITLISTED).exists()
            if waiting:
                messages.warning(request, _("Je bent ingeschreven; voor een volzette sessie sta je op de wachtlijst."))
            else:
                messages.success(request, _("Je bent ingeschreven. Je ticket staat hieronder en in je mailbox."))
            return redirect(registration)
    else:
        messages.error(
            request,
            _("Controleer je keuze: %(errors)s")
            % {"errors": " ".join(m for errs in form.errors.values() for m in errs)},
        )
    return redirect(event)


@login_required
def register_team(request, pk):
    event = _event(request, pk)
    school_ids = services.school_contact_schools(request.user)
    if not school_ids:
        raise PermissionDenied
    User = get_user_model()
    colleagues = (
        User.objects.filter(memberships__organisation_id__in=school_ids, is_active=True)
        .exclude(pk=request.user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )
    programme = selectors.programme(event)
    form = TeamForm(request.POST or None, event=event, programme=programme, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        by_id = {u.pk: u for u in colleagues}
        done, failed = [], []
        for pk_ in form.cleaned_data["colleagues"]:
            person = by_id.get(int(pk_))
            if person is None:
                raise PermissionDenied
            try:
                services.register(request.user, event, person, form.session_ids())
            except ValidationError as exc:
                failed.append(f"{person.get_full_name()}: {' '.join(exc.messages)}")
            else:
                done.append(person.get_full_name())
        if done:
            messages.success(request, _("Ingeschreven: %(names)s.") % {"names": ", ".join(done)})
        for line in failed:
            messages.error(request, line)
        return redirect(event)
    return render(request, "events/register_team.html", {"event": event, "form": form})


def _ticket(request, code):
    registration = get_object_or_404(Registration.objects.select_related("event", "person", "school"), ticket_code=code)
    user = request.user
    if not user.is_authenticated:
        raise Http404
    allowed = (
        registration.person_id == user.pk
        or registration.registered_by_id == user.pk
        or user.has_perm("events.manage_participants", registration.event)
    )
    if not allowed:
        raise Http404
    return registration


@login_required
def ticket(request, code):
    registration = _ticket(request, code)
    bookings = list(
        registration.bookings.select_related("session__slot__day").order_by(
            "session__slot__day__date", "session__slot__starts"
        )
    )
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "bookings": bookings,
            "substitution_url": substitution_registry.request_url(request.user, registration),
            "deadline_passed": bool(
                registration.event.cancellation_deadline and timezone.now() > registration.event.cancellation_deadline
            ),
        },
    )


@login_required
def ticket_qr(request, code):
    registration = _ticket(request, code)
    qr = segno.make(registration.ticket_code, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, title=_("QR-code van je ticket"))
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
@require_POST
def ticket_cancel(request, code):
    registration = _ticket(request, code)
    booking_id = request.POST.get("booking")
    bookings = None
    if booking_id:
        bookings = list(registration.bookings.filter(pk=booking_id))
        if not bookings:
            raise Http404
    try:
        services.cancel_bookings(request.user, registration, bookings)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Geannuleerd. Wie op de wachtlijst staat, krijgt je plaats."))
    return redirect(registration)


def session_ics(request, pk):
    session = get_object_or_404(Session.objects.select_related("slot__day__event__organiser"), pk=pk)
    if not request.user.has_perm("events.view_event", session.slot.day.event):
        raise Http404
    return _ics_response(calendar.sessions_ics([session], session.slot.day.event.title), f"sessie-{pk}")


def event_ics(request, pk):
    event = _event(request, pk)
    return _ics_response(calendar.sessions_ics(selectors.all_sessions(event), event.title), f"netwerkmoment-{pk}")


def _feed(events, name, filename):
    sessions = (
        Session.objects.filter(slot__day__event__in=events)
        .select_related("slot__day__event__organiser")
        .order_by("slot__day__date", "slot__starts")[:2000]
    )
    return _ics_response(calendar.sessions_ics(sessions, name), filename, attachment=False)


def organiser_feed(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    events = Event.objects.published().filter(organiser=organisation)
    return _feed(events, _("Netwerkmomenten van %(name)s") % {"name": organisation.name}, slug)


def province_feed(request, slug):
    province = get_object_or_404(Province, slug=slug)
    events = Event.objects.published().filter(province=province)
    return _feed(events, _("Netwerkmomenten in %(name)s") % {"name": province.name}, slug)


def _ics_response(body, filename, attachment=True):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.ics"'
    return response


@login_required
def my_events(request):
    return render(request, "events/my_events.html", {"registrations": selectors.my_registrations(request.user)})


# --- organisers --------------------------------------------------------------------------------


@login_required
def organiser_list(request):
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    return render(request, "events/organiser_list.html", {"events": selectors.organiser_events(request.user)})


@login_required
def event_create(request):
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    organisers = services.organiser_choices(request.user)
    if request.user.is_superuser and not organisers:
        organisers = list(Organisation.objects.exclude(kind="school")[:200])
    form = EventForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = data.pop("organiser")
        try:
            event = services.create_event(request.user, organiser, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Netwerkmoment aangemaakt. Bouw nu het programma."))
            return redirect("events:builder", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form})


@login_required
def event_edit(request, pk):
    event = _event(request, pk, "events.change_event")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(request.user, event, dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("events:builder", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def builder(request, pk):
    event = _event(request, pk, "events.change_event")
    programme = selectors.programme(event, with_advice=True)
    coverage = selectors.stakeholder_coverage(programme) if event.is_kickoff else []
    choices = SessionForm.shared_choices()
    for day in programme:
        for item in day["slots"]:
            # A prefix per block: every form on the page has its own field ids.
            item["form"] = SessionForm(prefix=f"s{item['slot'].pk}", choices=choices)
    return render(
        request,
        "events/builder.html",
        {
            "event": event,
            "programme": programme,
            "day_form": DayForm(),
            "half_day_form": HalfDayForm(),
            "slots": TimeSlot.objects.filter(day__event=event).select_related("day"),
            "days": list(event.days.all()),
            "stakeholders": coverage,
            "missing_stakeholders": [c["label"] for c in coverage if not c["sessions"]],
        },
    )


@login_required
@require_POST
def builder_action(request, pk):
    """One endpoint for the builder's small forms (each names its action)."""
    event = _event(request, pk, "events.change_event")
    action = request.POST.get("action")
    user = request.user

    def day_of(key):
        return get_object_or_404(event.days, pk=request.POST.get(key))

    def slot_of(key):
        return get_object_or_404(TimeSlot.objects.filter(day__event=event), pk=request.POST.get(key))

    def session_of():
        return get_object_or_404(Session.objects.filter(slot__day__event=event), pk=request.POST.get("session"))

    try:
        if action == "add_day":
            form = DayForm(request.POST)
            _valid(form)
            services.add_day(user, event, form.cleaned_data["date"], form.cleaned_data["title"])
        elif action == "half_day":
            form = HalfDayForm(request.POST)
            _valid(form)
            services.add_half_day(user, event, form.cleaned_data["date"], form.cleaned_data["part"])
        elif action == "add_slot":
            form = SlotForm(request.POST)
            _valid(form)
            services.add_slot(
                user,
                day_of("day"),
                form.cleaned_data["starts"],
                form.cleaned_data["ends"],
                form.cleaned_data["kind"],
                form.cleaned_data["title"],
            )
        elif action == "copy_slot":
            services.copy_slot(user, slot_of("slot"), day_of("day"), _time_field(request.POST.get("starts")))
        elif action == "move_slot":
            services.move_slot(
                user,
                slot_of("slot"),
                day_of("day"),
                _time_field(request.POST.get("starts")),
                _time_field(request.POST.get("ends")),
            )
        elif action == "delete_slot":
            services.delete_slot(user, slot_of("slot"))
        elif action == "add_session":
            slot = slot_of("slot")
            form = SessionForm(request.POST, prefix=f"s{slot.pk}")
            _valid(form)
            data = dict(form.cleaned_data)
            partners = data.pop("partners", [])
            services.add_session(user, slot, data, partners)
        elif action == "edit_session":
            session = session_of()
            form = SessionForm(request.POST, instance=session)
            _valid(form)
            data = dict(form.cleaned_data)
            partners = data.pop("partners", [])
            services.update_session(user, session, data, partners)
        elif action == "repeat_session":
            services.repeat_session(user, session_of(), slot_of("slot"))
        elif action == "delete_session":
            services.delete_session(user, session_of())
        else:
            raise ValidationError(_("Onbekende actie."))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Programma bijgewerkt."))
    return redirect("events:builder", pk=event.pk)


def _valid(form):
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                for f, e in form.errors.items()
            ]
        )


def _time_field(value):
    from datetime import datetime

    try:
        return datetime.strptime((value or "").strip(), "%H:%M").time()
    except ValueError:
        raise ValidationError(_("Geef een uur in als uu:mm (bv. 13:30).")) from None


@login_required
@require_POST
def event_publish(request, pk):
    event = _event(request, pk, "events.change_event")
    try:
        if request.POST.get("unpublish"):
            services.unpublish_event(request.user, event)
            messages.success(request, _("Teruggezet naar concept."))
        else:
            services.publish_event(
                request.user, event, accept_missing_stakeholders=request.POST.get("zonder_stakeholders") == "1"
            )
            messages.success(request, _("Gepubliceerd: het netwerkmoment staat in de zoekresultaten."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("events:builder", pk=event.pk)


@login_required
def participants(request, pk):
    event = _event(request, pk, "events.manage_participants")
    return render(
        request,
        "events/participants.html",
        {"event": event, "registrations": selectors.participants(event), "counts": selectors.checkin_counts(event)},
    )


@login_required
def participants_export(request, pk, fmt):
    event = _event(request, pk, "events.manage_participants")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    header, rows = selectors.export_rows(event)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Deelnemers"
        ws.append(header)
        for row in rows:
            ws.append(text_row(ws, row))  # text cells: a name '=HYPERLINK(...)' is no formula
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(neutralise_row(row) for row in rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deelnemers-{event.pk}-{stamp}.{fmt}"'
    return response


@login_required
def checkin(request, pk):
    """Phone-friendly: scan (camera, where the browser can) or type a ticket code, or search by name."""
    event = _event(request, pk, "events.manage_participants")
    result = None
    if request.method == "POST":
        try:
            registration, new = services.check_in(request.user, event, request.POST.get("code", ""))
        except ValidationError as exc:
            result = {"ok": False, "message": " ".join(exc.messages)}
        else:
            name = registration.person.get_full_name() if registration.person else _("(verwijderd)")
            if new:
                result = {"ok": True, "message": _("%(name)s is ingecheckt.") % {"name": name}}
            else:
                when = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
                result = {
                    "ok": True,
                    "already": True,
                    "message": _("%(name)s was al ingecheckt om %(when)s.") % {"name": name, "when": when},
                }
    query = request.GET.get("q", "")
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "result": result,
            "query": query,
            "matches": selectors.checkin_search(event, query),
            "counts": selectors.checkin_counts(event),
        },
    )


@login_required
def attendance(request, pk):
    event = _event(request, pk, "events.manage_participants")
    bookings = list(
        Booking.objects.filter(registration__event=event, status=BookingStatus.CONFIRMED)
        .exclude(registration__approval=Approval.DECLINED)
        .select_related("registration__person", "registration__school", "session__slot__day")
        .order_by("session__slot__day__date", "session__slot__starts", "session_id", "registration__person__last_name")
    )
    if request.method == "POST":
        marks = {
            b.pk: (request.POST.get(f"attended_{b.pk}") == "1", request.POST.get(f"role_{b.pk}") or "bezoeker")
            for b in bookings
        }
        try:
            n = services.confirm_attendance(request.user, event, marks)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Aanwezigheden bevestigd: %(n)d deelnames geregistreerd.") % {"n": n})
            return redirect("events:attendance", pk=event.pk)
    for b in bookings:
        b.default_attended = b.attended if b.attended is not None else bool(b.registration.checked_in_at)
    return render(
        request,
        "events/attendance.html",
        {"event": event, "bookings": bookings, "roles": ParticipationRole.choices},
    )


# --- schools: approval ---------------------------------------------------------------------------


@login_required
def approvals(request):
    pending = selectors.pending_approvals(request.user)
    from innovet.participation.selectors import led_schools

    schools = [s for s in led_schools(request.user) if request.user.has_perm("events.approve_for_school", s)]
    if not schools and not request.user.is_superuser:
        raise PermissionDenied
    policies = {p.school_id: p for p in SchoolPolicy.objects.filter(school__in=schools)}
    for s in schools:
        s.policy = policies.get(s.pk)
    return render(request, "events/approvals.html", {"pending": pending, "schools": schools, "form": DecisionForm()})


@login_required
@require_POST
def approval_decide(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("school", "event", "person"), pk=pk)
    if not request.user.has_perm("events.approve_for_school", registration.school):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_approval(
                request.user, registration, form.cleaned_data["decision"] == "goedkeuren", form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Beslissing opgeslagen; de leerkracht krijgt bericht."))
    return redirect("events:approvals")


@login_required
@require_POST
def school_policy(request, slug):
    school = get_object_or_404(Organisation, slug=slug)
    services.set_school_policy(request.user, school, request.POST.get("approval") == "1")
    messages.success(request, _("Schoolregel opgeslagen."))
    return redirect("events:approvals")
