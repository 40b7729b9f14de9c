"""The permission matrix: every URL pattern of the site, walked from the resolver.

Each URL name has an entry in ``MATRIX`` saying who may use it:

- ``PUBLIC`` — anyone (public pages, published content, the read API, sign-in and sign-up forms);
- ``TOKEN`` — a capability link: the secret in the URL is the permission (invitations, survey links);
- ``SIGNED_IN`` — any signed-in person, each on their own data (profile, inbox, "mijn ..." lists, create
  forms) or on what every signed-in person may see (offers to collaborate): probed as anonymous;
- ``GUARDED`` — an object of one organisation (a draft offer, a need, a survey...): probed as
  anonymous, as a user of another organisation, as a weaker role of the same organisation (where the
  organisation has one) and as RTC staff of another province.

A refusal is a redirect to the login page (anonymous), 403 or 404 — never a page or a change: the audit
trail must not grow during the probes. A URL name without an entry fails ``test_every_url_has_an_entry``:
whoever adds a URL decides here who may use it. The Django admin (``admin:`` namespace) has its own
permission layer (staff only) and is probed as a whole: anonymous and non-staff users are sent to its login.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.organisations.models import Membership, OrganisationKind, Role
from innovet.taxonomy.models import Term

PUBLIC, TOKEN, SIGNED_IN, GUARDED = "public", "token", "signed-in", "guarded"
ANON, OTHER_ORG, WEAKER, OTHER_RTC = "anonymous", "other_org", "weaker", "other_rtc"
ALL_OUTSIDERS = (ANON, OTHER_ORG, WEAKER, OTHER_RTC)


@dataclass
class Entry:
    access: str
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    method: str = "get"
    # GUARDED: which world users play "another organisation" and "a weaker role" (None: no weaker role).
    other: str = "other_teacher"
    weaker: str | None = None
    probes: tuple = field(default=ALL_OUTSIDERS)
    # A list scoped per person (a moderation queue): a page is fine as long as this text is not on it
    # (and the owner, ``shown_to``, does see it: otherwise the check proves nothing).
    hidden: object = None
    shown_to: str | None = None


def g(kwargs=None, method="get", other="other_teacher", weaker=None, hidden=None, shown_to=None):
    return Entry(GUARDED, kwargs, method, other, weaker, hidden=hidden, shown_to=shown_to)


def signed_in(kwargs=None, method="get"):
    return Entry(SIGNED_IN, kwargs, method, probes=(ANON,))


pub = Entry(PUBLIC)
token = Entry(TOKEN)

org_school = lambda w: {"slug": w.school.slug}  # noqa: E731
member = lambda w: {"slug": w.school.slug, "pk": w.teacher_membership.pk}  # noqa: E731
offer = lambda w: {"pk": w.offer.pk}  # noqa: E731
initiative = lambda w: {"pk": w.initiative.pk}  # noqa: E731
draft_material = lambda w: {"slug": w.draft_material.slug}  # noqa: E731
material = lambda w: {"slug": w.material.slug}  # noqa: E731
need = lambda w: {"pk": w.need.pk}  # noqa: E731
suggestion = lambda w: {"pk": w.need.pk, "spk": w.suggestion.pk}  # noqa: E731
intro = lambda w: {"pk": w.introduction.pk}  # noqa: E731
willingness = lambda w: {"pk": w.willingness.pk}  # noqa: E731
survey = lambda w: {"slug": w.survey.slug}  # noqa: E731
event = lambda w: {"pk": w.draft_event.pk}  # noqa: E731
published_event = lambda w: {"pk": w.published_event.pk}  # noqa: E731
vdab_centre = lambda w: {"slug": w.vdab_centre.slug}  # noqa: E731
tiendagen_request = lambda w: {"pk": w.tiendagen_request.pk}  # noqa: E731
equipment_set = lambda w: {"pk": w.equipment_set.pk}  # noqa: E731
equipment_turn = lambda w: {"pk": w.equipment_turn.pk}  # noqa: E731
badge = lambda w: {"uuid": w.achievement.uuid}  # noqa: E731
badge_award = lambda w: {"uuid": w.award.uuid}  # noqa: E731
lab = lambda w: {"slug": w.lab.slug}  # noqa: E731
lab_row = lambda attr: lambda w: {"slug": w.lab.slug, "pk": getattr(w, attr).pk}  # noqa: E731


def pd_budget(w):
    """The school's nascholingsbudget with a cost waiting for approval and a plan (made without services, so
    the audit trail stays as the world left it)."""
    if not hasattr(w, "pd_budget"):
        from innovet.budget.models import Cost, Plan, Priority, SchoolBudget, current_school_year

        w.pd_budget = SchoolBudget.objects.create(
            school=w.school, school_year=current_school_year(), amount=Decimal("1000")
        )
        w.pd_cost = Cost.objects.create(budget=w.pd_budget, title="Opleiding PLC", amount=Decimal("250"))
        w.pd_priority = Priority.objects.create(plan=Plan.objects.create(budget=w.pd_budget), title="Cobots")
    return w.pd_budget


budget_year = lambda w: {"slug": w.school.slug, "year": pd_budget(w).school_year}  # noqa: E731
budget_cost = lambda w: {"pk": (pd_budget(w), w.pd_cost)[1].pk}  # noqa: E731
budget_priority = lambda w: {**budget_year(w), "pk": w.pd_priority.pk}  # noqa: E731
draft_place = lambda w: {"pk": w.draft_place.pk}  # noqa: E731
application = lambda w: {"pk": w.application.pk}  # noqa: E731
pending_application = lambda w: {"pk": w.pending_application.pk}  # noqa: E731
sub_request = lambda w: {"pk": w.sub_request.pk}  # noqa: E731

CO = dict(other="other_contact", weaker=None)  # company-owned: another company's contact is the outsider
RTC_OWNED = dict(other="other_rtc", weaker=None)  # a survey of RTC Oost-Vlaanderen

MATRIX = {
    # core
    "core:home": pub,
    "core:favicon": pub,
    "core:dashboard": signed_in(),
    "core:about_data": pub,
    "core:accessibility": pub,
    "core:privacy": pub,
    # accounts
    "accounts:login": pub,
    "accounts:logout": pub,
    "accounts:signup": pub,
    "accounts:profile": signed_in(),
    "accounts:export_data": signed_in(),
    "accounts:delete_account": signed_in(),
    "accounts:password_change": signed_in(),
    "accounts:password_reset": pub,
    "accounts:password_reset_done": pub,
    "accounts:password_reset_confirm": token,
    "accounts:password_reset_complete": pub,
    # organisations: the school is managed by its director; a teacher there is the weaker role
    "organisations:directory": pub,
    "organisations:create": signed_in(),
    "organisations:mine": signed_in(),
    "organisations:invitation": token,
    "organisations:detail": pub,
    "organisations:edit": g(org_school, weaker="teacher"),
    "organisations:members": g(org_school, weaker="teacher"),
    "organisations:change_member": g(member, "post", weaker="teacher"),
    "organisations:remove_member": g(member, "post", weaker="teacher"),
    "organisations:revoke_invitation": g(
        lambda w: {"slug": w.school.slug, "pk": w.invitation.pk}, "post", weaker="teacher"
    ),
    # notifications
    "notifications:inbox": signed_in(),
    "notifications:open": g(lambda w: {"pk": w.notification.pk}, "post"),
    "notifications:mark_all_read": signed_in(method="post"),
    "notifications:preferences": signed_in(),
    # catalogue: a draft offer and initiative of the company in Gent (moderated by RTC Oost-Vlaanderen)
    "catalogue:search": pub,
    "catalogue:export": Entry(PUBLIC, lambda w: {"fmt": "csv"}),
    "catalogue:offer_create": signed_in(),
    "catalogue:my_offers": signed_in(),
    "catalogue:offer_bulk": signed_in(method="post"),  # per-offer checks: catalogue/tests/test_my_offers.py
    # RTC staff each see the queue of their own province: the other province's RTC must not see ours
    "catalogue:moderation": g(hidden=lambda w: w.published_offer.title, shown_to="rtc_staff"),
    "catalogue:saved_searches": signed_in(),
    "catalogue:saved_search_create": signed_in(method="post"),
    "catalogue:saved_search_update": g(lambda w: {"pk": w.saved_search.pk}, "post"),
    "catalogue:saved_search_delete": g(lambda w: {"pk": w.saved_search.pk}, "post"),
    "catalogue:import_upload": signed_in(),  # an upload for one's own organisation
    "catalogue:import_template": Entry(PUBLIC, lambda w: {"fmt": "csv"}),
    "catalogue:import_detail": g(lambda w: {"pk": w.import_job.pk}, **CO),
    "catalogue:import_commit": g(lambda w: {"pk": w.import_job.pk}, "post", **CO),
    "catalogue:initiative_list": pub,
    "catalogue:initiative_create": signed_in(),
    "catalogue:initiative_detail_short": g(initiative, **CO),
    "catalogue:initiative_edit": g(initiative, **CO),
    "catalogue:initiative_publish": g(initiative, "post", **CO),
    "catalogue:initiative_archive": g(initiative, "post", **CO),
    "catalogue:initiative_confirm": g(initiative, "post", **CO),
    "catalogue:initiative_unpublish": g(initiative, "post", **CO),
    "catalogue:initiative_detail": g(lambda w: {"pk": w.initiative.pk, "slug": "x"}, **CO),
    "catalogue:api_offer_list": pub,
    "catalogue:api_offer_detail": g(offer, **CO),  # a draft: not in the API
    "catalogue:api_initiative_list": pub,
    "catalogue:api_initiative_detail": g(initiative, **CO),
    "catalogue:offer_detail_short": g(offer, **CO),
    "catalogue:offer_ics": g(offer, **CO),
    "catalogue:offer_edit": g(offer, **CO),
    "catalogue:offer_publish": g(offer, "post", **CO),
    "catalogue:offer_archive": g(offer, "post", **CO),
    "catalogue:offer_confirm": g(offer, "post", **CO),
    "catalogue:offer_delete": g(offer, "post", **CO),
    "catalogue:offer_unpublish": g(lambda w: {"pk": w.published_offer.pk}, "post", **CO),
    "catalogue:offer_detail": g(lambda w: {"pk": w.offer.pk, "slug": w.offer.slug}, **CO),
    # materials: a published material of the teacher (public page, private actions) and a draft
    "materials:search": pub,
    "materials:mine": signed_in(),
    "materials:create": signed_in(),
    "materials:oai": pub,
    "materials:file": g(lambda w: {"uuid": w.draft_attachment.uuid}),
    "materials:author": pub,
    "materials:coauthor_invitation": token,  # and only for the invited address: test_coauthor_invitations.py
    "materials:detail": g(draft_material),
    "materials:edit": g(material),
    "materials:files": g(material),
    "materials:work_form": g(lambda w: {"slug": w.material.slug, "pk": w.work_form.pk}),
    "materials:publish": g(material),
    "materials:status": g(material, "post"),
    "materials:authors": g(material),
    "materials:delete": g(draft_material, "post"),
    "materials:remix": g(draft_material, "post"),
    "materials:review": g(material),  # pedagogical advisers only
    "materials:review_comment": g(lambda w: {"slug": w.material.slug, "pk": w.review.pk}, "post"),
    "materials:report_use": g(draft_material),
    "materials:package": g(draft_material),
    "materials:metadata": g(draft_material),
    "materials:version": pub,
    "materials:version_package": pub,
    # matching: a need of the school in Gent, brokered by RTC Oost-Vlaanderen
    "matching:need_list": pub,  # anonymous visitors get a page that says why to log in, no needs
    "matching:need_create": signed_in(),
    "matching:need_detail": g(need),
    # Providers' matched needs and their 'wij kunnen helpen': per-organisation checks in
    # matching/tests/test_providers.py (another company, a school user, an organisation not one's own).
    "matching:provider_matches": signed_in(),
    "matching:need_interest": signed_in(need, method="post"),
    "matching:need_edit": g(need),
    "matching:need_status": g(need, "post"),
    "matching:need_recompute": g(need, "post"),
    "matching:suggestion_add": g(need, "post"),
    "matching:suggestion_confirm": g(suggestion, "post"),
    "matching:suggestion_introduce": g(suggestion, "post"),
    "matching:introduction_detail": g(intro),
    "matching:introduction_answer": g(intro, "post"),
    "matching:introduction_follow_up": g(intro, "post"),
    "matching:willingness_list": signed_in(),
    "matching:willingness_create": signed_in(),
    "matching:willingness_detail": signed_in(willingness),  # offers to collaborate are shown to everyone signed in
    "matching:willingness_edit": g(willingness, **CO),
    "matching:willingness_toggle": g(willingness, "post", **CO),
    # surveys: a published survey of RTC Oost-Vlaanderen; RTC Limburg is the other owner organisation
    "surveys:survey_list": pub,
    "surveys:create": signed_in(),
    "surveys:templates": pub,
    "surveys:interview_guide": pub,
    "surveys:template_detail": pub,  # the study's questionnaires
    "surveys:open_link": token,
    "surveys:invitation": token,
    "surveys:resume": token,
    "surveys:finished": token,
    "surveys:detail": g(survey, **RTC_OWNED),
    "surveys:settings": g(survey, **RTC_OWNED),
    "surveys:builder": g(survey, **RTC_OWNED),
    "surveys:preview": g(survey, **RTC_OWNED),
    "surveys:new_version": g(survey, "post", **RTC_OWNED),
    "surveys:publish": g(survey, "post", **RTC_OWNED),
    "surveys:close": g(survey, "post", **RTC_OWNED),
    "surveys:reopen": g(survey, "post", **RTC_OWNED),
    "surveys:page_add": g(survey, "post", **RTC_OWNED),
    "surveys:page_edit": g(lambda w: {"slug": w.survey.slug, "pk": w.page.pk}, **RTC_OWNED),
    "surveys:page_delete": g(lambda w: {"slug": w.survey.slug, "pk": w.page.pk}, "post", **RTC_OWNED),
    "surveys:page_move": g(lambda w: {"slug": w.survey.slug, "pk": w.page.pk}, "post", **RTC_OWNED),
    "surveys:question_add": g(lambda w: {"slug": w.survey.slug, "page_pk": w.page.pk}, **RTC_OWNED),
    "surveys:question_edit": g(lambda w: {"slug": w.survey.slug, "pk": w.question.pk}, **RTC_OWNED),
    "surveys:question_delete": g(lambda w: {"slug": w.survey.slug, "pk": w.question.pk}, "post", **RTC_OWNED),
    "surveys:question_move": g(lambda w: {"slug": w.survey.slug, "pk": w.question.pk}, "post", **RTC_OWNED),
    "surveys:invitations": g(survey, **RTC_OWNED),
    "surveys:send_invitations": g(survey, "post", **RTC_OWNED),
    "surveys:invitation_delete": g(
        lambda w: {"slug": w.survey.slug, "pk": w.survey_invitation.pk}, "post", **RTC_OWNED
    ),
    "surveys:batch_progress": g(lambda w: {"slug": w.survey.slug, "pk": w.batch.pk}, **RTC_OWNED),
    "surveys:report": g(survey, **RTC_OWNED),
    "surveys:crosstab": g(survey, **RTC_OWNED),
    "surveys:open_answers": g(survey, **RTC_OWNED),
    "surveys:code_answer": g(lambda w: {"slug": w.survey.slug, "pk": w.answer.pk}, "post", **RTC_OWNED),
    "surveys:code_delete": g(lambda w: {"slug": w.survey.slug, "pk": w.code.pk}, "post", **RTC_OWNED),
    "surveys:contacts": g(survey, **RTC_OWNED),
    "surveys:contact_delete": g(lambda w: {"slug": w.survey.slug, "pk": w.contact_row.pk}, "post", **RTC_OWNED),
    "surveys:export_csv": g(survey, **RTC_OWNED),
    "surveys:export_xlsx": g(survey, **RTC_OWNED),
    "surveys:codebook_csv": g(survey, **RTC_OWNED),
    # events: a draft event of RTC Oost-Vlaanderen (only its members see it) and a registration of the
    # school's teacher for a published one (the school's director decides on it)
    "events:event_list": pub,
    "events:my_events": signed_in(),
    "events:organiser_list": signed_in(),
    "events:event_create": signed_in(),
    "events:approvals": signed_in(),  # each school's leadership sees its own school's
    "events:approval_decide": g(lambda w: {"pk": w.registration.pk}, "post", weaker="teacher"),
    "events:school_policy": g(org_school, "post", weaker="teacher"),
    "events:ticket": token,
    "events:ticket_qr": token,
    "events:ticket_cancel": token,
    "events:session_ics": g(lambda w: {"pk": w.draft_session.pk}),
    "events:organiser_feed": pub,  # published events only
    "events:province_feed": pub,
    "events:detail_short": g(event),
    "events:register": g(event, "post"),
    "events:register_team": g(event),
    "events:event_ics": g(event),
    "events:event_edit": g(event),
    "events:builder": g(event),
    "events:builder_action": g(event, "post"),
    "events:event_publish": g(event, "post"),
    "events:participants": g(published_event),
    "events:participants_export": g(lambda w: {"pk": w.published_event.pk, "fmt": "csv"}),
    "events:checkin": g(published_event),
    "events:attendance": g(published_event),
    "events:detail": g(lambda w: {"pk": w.draft_event.pk, "slug": "x"}),
    # innovatielabs: a lab of RTC Oost-Vlaanderen with the Gent school (its teacher co-develops, the weaker
    # role for what only coordinators do) and the Gent company as partner; another school in its follow-up
    "labs:lab_list": pub,
    "labs:lab_create": signed_in(),
    "labs:overview": signed_in(),  # RTC staff and the Department; others get a 403
    "labs:funding_list": pub,
    "labs:funding_create": signed_in(),
    "labs:start_from_introduction": g(intro, "post"),
    "labs:detail": pub,
    "labs:edit": g(lab, weaker="teacher"),
    "labs:stop": g(lab, "post", weaker="teacher"),
    "labs:workspace": g(lab),
    "labs:plan": g(lab),
    "labs:milestone_done": g(lab_row("lab_milestone"), "post", weaker="teacher"),
    "labs:task_add": g(lab, "post"),
    "labs:task_done": g(lab_row("lab_task"), "post", weaker="teacher"),
    "labs:message_post": g(lab, "post"),
    "labs:document_add": g(lab, "post"),
    "labs:document_download": g(lab_row("lab_document")),
    "labs:document_delete": g(lab_row("lab_document"), "post", weaker="teacher"),
    "labs:members": g(lab),
    "labs:school_leave": g(lab_row("lab_school"), "post", weaker="teacher"),
    "labs:partner_leave": g(lab_row("lab_partner"), "post", weaker="teacher"),
    "labs:commitment_add": g(lab_row("lab_partner"), "post", other="other_contact", weaker="teacher"),
    "labs:commitment_change": g(lab_row("lab_commitment"), "post", other="other_contact", weaker="rtc_staff"),
    "labs:material_link": g(lab, "post", weaker="teacher"),
    "labs:material_unlink": g(lab_row("lab_material"), "post", weaker="teacher"),
    "labs:showcase_add": g(lab, weaker="teacher"),
    "labs:showcase_presented": g(lab_row("lab_showcase"), "post", weaker="teacher"),
    "labs:follow_up": g(lab),
    "labs:follow_up_open": g(lab, "post", weaker="teacher"),
    "labs:adoption_update": g(lab_row("lab_adoption"), "post", weaker="teacher"),
    "labs:join": signed_in(lab),
    # participation: a teacher sees their own, a school's leadership the school's
    "participation:mine": signed_in(),
    "participation:school": g(org_school, weaker="teacher"),
    # insights: the Department sees all, an RTC its province(s), a school's leadership its school, a sector
    # its studiedomeinen (per-role checks, suppression and 'no other school's teachers': insights/tests)
    "insights:index": signed_in(),
    "insights:definitions": pub,
    "insights:department": g(),
    "insights:province": g(lambda w: {"slug": w.school.province.slug}),
    "insights:school": g(org_school, weaker="teacher"),
    "insights:domain": g(lambda w: {"code": "stem"}),
    # portfolio: one's own (private by default); a shared portfolio is a capability link; profiles are public
    "portfolio:mine": signed_in(),
    "portfolio:pdf": signed_in(),
    "portfolio:share": signed_in(method="post"),
    "portfolio:revoke": signed_in(method="post"),
    "portfolio:school_profile_name": signed_in(method="post"),
    "portfolio:shared": token,
    "portfolio:shared_pdf": token,
    "profiles:organisation": pub,
    # budget: only the school's management (director, TAC); the teacher of the same school is the weaker role
    "budget:index": signed_in(),  # lists only the schools the user manages
    "budget:school": g(org_school, weaker="teacher"),
    "budget:year": g(budget_year, weaker="teacher"),
    "budget:allocation": g(budget_year, "post", weaker="teacher"),
    "budget:cost_create": g(budget_year, weaker="teacher"),
    "budget:plan": g(budget_year, weaker="teacher"),
    "budget:priority_create": g(budget_year, "post", weaker="teacher"),
    "budget:priority_edit": g(budget_priority, weaker="teacher"),
    "budget:close": g(budget_year, weaker="teacher"),
    "budget:cost_approve": g(budget_cost, "post", weaker="teacher"),
    "budget:cost_spent": g(budget_cost, "post", weaker="teacher"),
    "budget:cost_cancel": g(budget_cost, "post", weaker="teacher"),
    # 10-dagenregeling: a VDAB centre in Gent and a request of the school's teacher, handled by RTC
    # Oost-Vlaanderen (the teacher is the weaker role for the RTC's and the centre's decisions)
    "tiendagen:overview": pub,
    "tiendagen:my_requests": signed_in(),
    "tiendagen:rtc_queue": g(hidden=lambda w: w.tiendagen_request.class_name, shown_to="rtc_staff"),
    "tiendagen:centre": pub,
    "tiendagen:calendar": pub,  # the public sees 'bezet'; class and school only for the centre's members
    "tiendagen:calendar_ics": pub,
    "tiendagen:centre_manage": g(vdab_centre),
    "tiendagen:training_create": g(vdab_centre),
    "tiendagen:training": pub,
    "tiendagen:training_edit": g(lambda w: {"pk": w.vdab_training.pk}),
    "tiendagen:request_create": signed_in(lambda w: {"pk": w.vdab_training.pk}),
    "tiendagen:wegwijs_register": signed_in(lambda w: {"pk": w.wegwijs.pk}, method="post"),
    "tiendagen:wegwijs_attendance": g(lambda w: {"pk": w.wegwijs.pk}),
    "tiendagen:request_detail": g(tiendagen_request),
    "tiendagen:request_forward": g(tiendagen_request, "post", weaker="teacher"),
    "tiendagen:request_confirm": g(tiendagen_request, "post", weaker="teacher"),
    "tiendagen:request_decline": g(tiendagen_request, "post", weaker="teacher"),
    "tiendagen:request_withdraw": g(tiendagen_request, "post"),
    # placements: a draft and a published place of the company in Gent; the school's teacher applied to the
    # published one (released by the director, accepted by the company). Only the company sees applicants.
    "placements:place_list": pub,
    "placements:place_create": signed_in(),
    "placements:my_applications": signed_in(),
    "placements:company_places": signed_in(),
    "placements:releases": signed_in(),  # each school's leadership sees its own school's
    "placements:hybrid_list": signed_in(),
    "placements:hybrid_edit": signed_in(),
    "placements:hybrid_detail": signed_in(lambda w: {"pk": w.hybrid.pk}),  # visible profiles: for everyone signed in
    "placements:place_detail": g(draft_place, **CO),
    "placements:place_edit": g(draft_place, **CO),
    "placements:place_status": g(draft_place, "post", **CO),
    "placements:apply": g(draft_place, "post"),
    "placements:applicants": g(lambda w: {"pk": w.published_place.pk}, **CO),
    "placements:application_detail": g(application),
    "placements:release": g(pending_application, "post", weaker="teacher"),
    "placements:decide": g(application, "post", **CO),
    "placements:withdraw": g(application, "post"),
    "placements:reflect": g(application, "post"),
    "placements:complete": g(application, "post", **CO),
    "placements:agreement": g(application),
    # substitution: the company in Gent offers substitution (a draft and a published offer); the school's
    # teacher asked substitution for the placement, proposed to the published offer
    "substitution:offer_list": pub,
    "substitution:offer_create": signed_in(),
    "substitution:my_offers": signed_in(),
    "substitution:offer_detail": g(lambda w: {"pk": w.draft_sub_offer.pk}, **CO),
    "substitution:offer_edit": g(lambda w: {"pk": w.draft_sub_offer.pk}, **CO),
    "substitution:offer_status": g(lambda w: {"pk": w.draft_sub_offer.pk}, "post", **CO),
    "substitution:offer_fit": g(lambda w: {"pk": w.sub_offer.pk}, "post"),  # pedagogical advisers only
    "substitution:request_list": signed_in(),  # each sees the requests they follow
    "substitution:request_create": g(lambda w: {"source": "bedrijfsstage", "pk": w.application.pk}),
    "substitution:request_detail": g(sub_request),
    "substitution:request_propose": g(sub_request, "post"),
    "substitution:request_answer": g(sub_request, "post"),
    "substitution:request_confirm": g(sub_request, "post", weaker="teacher"),
    "substitution:request_cancel": g(sub_request, "post"),
    # shared equipment: a set of the matrix company (another company's contact is the outsider for the
    # owner's pages) with a planned turn and a waiting application of the matrix school
    "equipment:set_list": pub,
    "equipment:mine": signed_in(),
    "equipment:set_create": signed_in(),  # for one's own organisations only
    "equipment:set_detail": pub,  # active sets: who has what until when is public
    "equipment:set_edit": g(equipment_set, **CO),
    "equipment:apply": signed_in(equipment_set),  # for one's own school only
    "equipment:manage": g(equipment_set, **CO),
    "equipment:build": g(equipment_set, "post", **CO),
    "equipment:conditions": g(lambda w: {"pk": w.equipment_waiting.pk}, "post", **CO),
    "equipment:withdraw": g(lambda w: {"pk": w.equipment_waiting.pk}, "post"),
    "equipment:turn": g(equipment_turn),
    "equipment:step": g(equipment_turn, "post"),
    "equipment:drop_out": g(equipment_turn, "post"),
    # badges: an achievement of RTC Oost-Vlaanderen awarded to the teacher; only the RTC's managers
    # issue and revoke (another RTC's manager is the outsider), the recipient sees and downloads it
    "badges:mine": signed_in(),
    "badges:issuer_home": signed_in(),  # each manager sees their own organisations' badges
    "badges:achievement_create": g(lambda w: {"pk": w.rtc.pk}, "post", **RTC_OWNED),
    "badges:key_rotate": g(lambda w: {"pk": w.rtc.pk}, "post", **RTC_OWNED),
    "badges:achievement": pub,
    "badges:achievement_image": pub,
    "badges:achievement_manage": g(badge, **RTC_OWNED),
    "badges:achievement_edit": g(badge, "post", **RTC_OWNED),
    "badges:award_create": g(badge, "post", **RTC_OWNED),
    "badges:rule_create": g(badge, "post", **RTC_OWNED),
    "badges:rule_delete": g(lambda w: {"pk": w.badge_rule.pk}, "post", **RTC_OWNED),
    "badges:award": g(badge_award, **RTC_OWNED),
    "badges:award_json": g(badge_award, **RTC_OWNED),
    "badges:award_image": g(badge_award, **RTC_OWNED),
    "badges:award_revoke": g(badge_award, "post", other="other_rtc", weaker="teacher"),  # not the recipient
    "badges:verify": pub,
    "badges:verify_api": pub,
    "badges:verify_award": token,  # the award's UUID is in the credential the holder shares
    "badges:issuer_profile": pub,
    "badges:issuer_jwks": pub,
    "badges:status_list": pub,
    # the OpenAPI schema and its documentation page
    "api-schema": pub,
    "api-docs": pub,
}


def url_patterns(patterns=None, namespace=None):
    """(name, pattern) for every named URL pattern, namespaces included, from the root resolver."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace if not namespace else (f"{namespace}:{p.namespace}" if p.namespace else namespace)
            yield from url_patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), p


def test_every_url_has_an_entry():
    names = {name for name, _p in url_patterns() if not name.startswith("admin:")}
    missing = sorted(names - set(MATRIX))
    assert not missing, (
        "URL names without an entry in tests/test_permission_matrix.py MATRIX (say who may use them): "
        + ", ".join(missing)
    )
    stale = sorted(set(MATRIX) - names)
    assert not stale, "entries for URL names that no longer exist: " + ", ".join(stale)
    for name, entry in MATRIX.items():
        assert entry.access in (PUBLIC, TOKEN, SIGNED_IN, GUARDED), name


# --- the world the probes run in ---------------------------------------------------------------------


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


class World:
    pass


@pytest.fixture
def world(make_org, make_user, admin_user, django_capture_on_commit_callbacks):
    from innovet.catalogue import services as catalogue
    from innovet.catalogue.models import ImportJob, SavedSearch
    from innovet.matching import services as matching
    from innovet.materials import services as materials
    from innovet.materials.models import Alignment, Author, Material, Review, WorkForm
    from innovet.notifications.models import Notification
    from innovet.surveys import services as surveys
    from innovet.surveys.models import Code, RespondentContact, SurveyTemplate

    w = World()
    # Owners in Gent (Oost-Vlaanderen)
    w.school = make_org("VTI Matrix Gent", OrganisationKind.SCHOOL, "9000")
    w.director = make_user(org=w.school, role=Role.DIRECTOR, is_manager=True)
    w.teacher = make_user(org=w.school, role=Role.TEACHER)
    w.teacher_membership = Membership.objects.get(user=w.teacher)
    w.company = make_org("Matrix Installaties", OrganisationKind.COMPANY, "9000")
    w.contact = make_user(org=w.company, role=Role.COMPANY_CONTACT, is_manager=True)
    w.rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    w.rtc_staff = make_user(org=w.rtc, role=Role.RTC_STAFF, is_manager=True)
    w.pbd_org = make_org("PBD KOV", OrganisationKind.PBD, "1000", onderwijsnet=term("onderwijsnet", "KOV"))
    w.adviser = make_user(org=w.pbd_org, role=Role.PEDAGOGICAL_ADVISER)
    # Outsiders in Hasselt (Limburg)
    w.other_school = make_org("GO! Matrix Hasselt", OrganisationKind.SCHOOL, "3500")
    w.other_teacher = make_user(org=w.other_school, role=Role.TEACHER)
    w.other_company = make_org("Matrix Limburg", OrganisationKind.COMPANY, "3500")
    w.other_contact = make_user(org=w.other_company, role=Role.COMPANY_CONTACT, is_manager=True)
    w.other_rtc_org = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    w.other_rtc = make_user(org=w.other_rtc_org, role=Role.RTC_STAFF, is_manager=True)

    with django_capture_on_commit_callbacks(execute=True):
        from innovet.organisations import services as organisations

        w.invitation = organisations.invite_member(w.director, w.school, "nieuw@matrix.be", Role.TEACHER)

        Notification.objects.create(recipient=w.teacher, category="test", title="Voor de leerkracht")
        w.notification = w.teacher.notifications.get()

        def offer_data(**overrides):
            data = {
                "title": "Workshop cobots",
                "summary": "Een dag met een cobot.",
                "description": "Leerkrachten programmeren een cobot.",
                "goals": "",
                "kind": term("aanbodsoort", "workshop"),
                "pillar": term("pijler", "innovatie-beleven"),
                "audience": "beide",
                "cost": Decimal("75"),
                "brand_neutral": True,
                "registration_url": "https://www.example.be/inschrijven",
                "providers": [w.company],
                "themes": [term("thema", "cobots")],
                "studiedomeinen": [term("studiedomein", "stem")],
                "graden": [term("graad", "3")],
                "onderwijsvormen": [term("onderwijsvorm", "TSO")],
                "need_types": [term("noodtype", "vaktechnisch")],
                "transition_priorities": [term("transitieprioriteit", "industrie-4-0")],
                "locations": [{"location_type": term("locatietype", "bedrijf"), "name": "Hal 3", "postcode": "9000"}],
                "sessions": [
                    {
                        "title": "",
                        "starts_at": timezone.now() + timedelta(days=20),
                        "ends_at": timezone.now() + timedelta(days=20, hours=6),
                    }
                ],
            }
            data.update(overrides)
            return data

        w.offer = catalogue.create_offer(w.contact, offer_data(), publish=False)
        w.published_offer = catalogue.create_offer(w.contact, offer_data(title="Workshop PLC"), publish=True)
        w.initiative = catalogue.create_initiative(
            w.contact,
            {
                "title": "Lerend netwerk cobots",
                "summary": "Scholen en bedrijven samen.",
                "description": "Samen lesmateriaal maken.",
                "lead": w.company,
                "provinces": [w.company.province],
                "goals": [term("initiatiefdoel", "innovatie")],
                "partners": [],
            },
            publish=False,
        )
        w.saved_search = SavedSearch.objects.create(user=w.teacher, name="Cobots", index="offers", querystring="q=x")
        w.import_job = ImportJob.objects.create(
            organisation=w.company, uploaded_by=w.contact, file=ContentFile(b"a;b\n", name="x.csv"), original_name="x"
        )

        def make_material(title, publish):
            m = Material.objects.create(
                title=title, slug=materials._unique_slug(title), summary="Samenvatting.", body="<p>Stap.</p>"
            )
            m.studiedomeinen.add(term("studiedomein", "stem"))
            m.themes.add(term("thema", "warmtepompen"))
            Author.objects.create(material=m, user=w.teacher, organisation=w.school)
            m.organisations.add(w.school)
            Alignment.objects.create(material=m, network=term("onderwijsnet", "KOV"), code="LPD 1", text="Doel.")
            materials.add_link(w.teacher, m, "https://www.example.be/les", "Les")
            if publish:
                materials.publish_version(w.teacher, m, term("licentie", "cc-by"), "Eerste versie.")
            m.refresh_from_db()
            return m

        w.material = make_material("Warmtepomp in de praktijk", publish=True)
        w.draft_material = make_material("Kladversie zonnepanelen", publish=False)
        w.draft_attachment = materials.add_file(
            w.teacher, w.draft_material, ContentFile(b"%PDF-1.4\n%%EOF\n", name="klad.pdf"), "Klad"
        )
        w.work_form = WorkForm.objects.create(
            material=w.material, kind=Term.objects.of("werkvorm").first(), title="Hoekenwerk"
        )
        ok = Review.Score.OK
        w.review = Review.objects.create(
            version=w.material.versions.first(),
            reviewer=w.adviser,
            reviewer_organisation=w.pbd_org,
            curriculum_link=ok,
            didactic_quality=ok,
            correctness=ok,
            accessibility=ok,
            brand_neutrality=ok,
            comment="Goed.",
            decision=Review.Decision.APPROVED,
        )

        w.willingness = matching.create_willingness(
            w.contact,
            w.company,
            {
                "title": "Leerkrachten welkom in ons atelier",
                "resources": ["personeel"],
                "themes": ["warmtepompen"],
                "studiedomeinen": ["stem"],
                "region": "straal",
                "radius_km": 50,
                "capacity_per_year": 3,
                "school_year": "2026-2027",
            },
        )
        w.need = matching.create_need(
            w.teacher,
            w.school,
            {
                "title": "Opleiding warmtepompen",
                "need_type": "vaktechnisch",
                "themes": ["warmtepompen"],
                "studiedomein": "stem",
                "graden": ["3"],
                "participation": "team",
                "teacher_count": 4,
                "support_forms": ["workshops"],
                "budget_per_participant": "90",
                "max_distance_km": 40,
            },
        )
        w.suggestion = w.need.suggestions.filter(willingness=w.willingness).first() or matching.add_suggestion(
            w.rtc_staff, w.need, willingness=w.willingness
        )
        w.introduction = matching.introduce(w.rtc_staff, w.suggestion, "Kennismaking")

        surveys.load_templates()
        template = SurveyTemplate.objects.get(key="bijlage-2-1-open-vragen")
        w.survey = surveys.create_survey(w.rtc_staff, w.rtc, "Bevraging Oost-Vlaanderen", template)
        surveys.publish(w.rtc_staff, w.survey)
        w.survey.refresh_from_db()
        version = w.survey.versions.order_by("-pk").first()
        w.page = version.pages.order_by("position").first()
        w.question = w.page.questions.first()
        w.survey_invitation = surveys.add_invitations(w.rtc_staff, w.survey, [("an@school.be", "An")])[0]
        w.batch = surveys.send_invitations(w.rtc_staff, w.survey, [w.survey_invitation])
        import uuid

        from django.http import QueryDict

        response = surveys.start_response(w.survey, start_key=uuid.uuid4())
        data = QueryDict(mutable=True)
        data["q_actief_in"] = "leerkracht"
        surveys.submit_page(response.pk, w.page.pk, response.version_id, data)
        w.answer = response.answers.first()
        w.code = Code.objects.create(survey=w.survey, label="tijd")
        w.contact_row = RespondentContact.objects.create(response=response, name="An", email="an@school.be")

        from innovet.events import services as events
        from innovet.events.models import SlotKind

        def make_event(title, publish):
            ev = events.create_event(
                w.rtc_staff,
                w.rtc,
                {"title": title, "summary": "Sessies", "venue_name": "Campus Gent", "postcode": "9000"},
            )
            day = events.add_day(w.rtc_staff, ev, timezone.localdate() + timedelta(days=30))
            slot = events.add_slot(w.rtc_staff, day, "13:00", "15:00", SlotKind.PARALLEL, "Ronde 1")
            session = events.add_session(w.rtc_staff, slot, {"title": "Cobots in de klas", "capacity": 20})
            if publish:
                events.publish_event(w.rtc_staff, ev)
            return ev, session

        w.draft_event, w.draft_session = make_event("Kladversie kick-off", publish=False)
        w.published_event, session = make_event("Kick-off Oost-Vlaanderen", publish=True)
        w.registration = events.register(w.teacher, w.published_event, w.teacher, [session.pk])

        from innovet.tiendagen.tests import matrix as tiendagen_matrix

        tiendagen_matrix.build(w, make_org, make_user)
        from innovet.placements.tests import matrix as placements_matrix

        placements_matrix.build(w, make_user)

        from innovet.equipment.tests import matrix as equipment_matrix

        equipment_matrix.build(w)

        from innovet.badges import services as badges

        w.achievement = badges.create_achievement(
            w.rtc_staff, w.rtc, {"name": "Kick-off", "description": "Aanwezig.", "criteria": "Aanwezig op de kick-off."}
        )
        w.badge_rule = badges.add_rule(w.rtc_staff, w.achievement, {"kind": "deelname"}, evaluate=False)
        w.award = badges.award_badge(w.rtc_staff, w.achievement, w.teacher)

        from innovet.labs.tests import matrix as labs_matrix

        labs_matrix.build(w, make_org, make_user)
    return w


def _refused(response, who):
    if who == ANON and response.status_code in (301, 302):
        return reverse("accounts:login") in response["Location"] or "/beheer/login/" in response["Location"]
    return response.status_code in (401, 403, 404, 405) if who == ANON else response.status_code in (403, 404)


@pytest.mark.django_db
def test_every_guarded_url_refuses_outsiders(client, world):
    """One pass over the table (one world; every refusal is checked, every failure reported together)."""
    users = {
        OTHER_RTC: world.other_rtc,
    }
    failures = []
    audit_before = AuditLog.objects.count()
    probed = 0
    for name, _pattern in url_patterns():
        if name.startswith("admin:"):
            continue
        entry = MATRIX[name]
        if entry.access in (PUBLIC, TOKEN):
            continue
        kwargs = entry.kwargs(world) if entry.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        if entry.shown_to:
            client.force_login(getattr(world, entry.shown_to))
            assert entry.hidden(world) in client.get(url).content.decode(), f"{name}: the owner does not see it"
        for who in entry.probes:
            if who == ANON:
                client.logout()
            elif who == OTHER_ORG:
                client.force_login(getattr(world, entry.other))
            elif who == WEAKER:
                if entry.weaker is None:
                    continue
                client.force_login(getattr(world, entry.weaker))
            else:
                client.force_login(users[who])
            response = getattr(client, entry.method)(url)
            probed += 1
            if who != ANON and entry.hidden and response.status_code == 200:
                if entry.hidden(world) in response.content.decode():
                    failures.append(f"{name} ({url}) as {who} shows {entry.hidden(world)!r}")
            elif not _refused(response, who):
                failures.append(f"{name} ({entry.method.upper()} {url}) as {who}: {response.status_code}")
    client.logout()
    assert not failures, "not refused:\n" + "\n".join(failures)
    assert AuditLog.objects.count() == audit_before, list(
        AuditLog.objects.order_by("-id").values_list("action", flat=True)[: AuditLog.objects.count() - audit_before]
    )
    assert probed > 250  # the loop really ran


@pytest.mark.django_db
def test_the_admin_is_for_platform_staff_only(client, world):
    """Every admin URL without arguments (and each model's change list) sends anonymous and non-staff
    users to the admin's login page."""
    failures = []
    client.force_login(world.director)
    client.logout()
    admin_user = type(world.director).objects.get(is_superuser=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    for name, pattern in url_patterns():
        if not name.startswith("admin:") or pattern.pattern.regex.groups or name in ("admin:login", "admin:logout"):
            continue
        url = reverse(name)
        for user in (None, world.director, world.rtc_staff):
            client.logout() if user is None else client.force_login(user)
            response = client.get(url)
            if not (response.status_code == 302 and "/beheer/login/" in response["Location"]):
                failures.append(f"{name} as {user}: {response.status_code}")
    assert not failures, "\n".join(failures)
