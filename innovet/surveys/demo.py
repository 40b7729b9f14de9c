"""Demo: the study's two online surveys as published surveys, with synthetic responses in the proportions
the study reports (527 opened the opening screen, about 214 started, 114 completed), a company survey run
by RTC Oost-Vlaanderen, a draft by the KOV advisory service, invitations, and coded open answers."""

from django.contrib.auth import get_user_model

from innovet.core.demo_registry import DEMO_PASSWORD
from innovet.organisations.models import Membership, Role

from . import services, synthetic
from .models import Answer, Survey, SurveyTemplate

DEPARTMENT = "departement-onderwijs-en-vorming"
CODES = {
    "tijd": ["tijd", "vervanging"],
    "infrastructuur": ["infrastructuur"],
    "bedrijfsstages": ["stage"],
    "digitalisering": ["digital", "sensoren", "data"],
    "duurzaamheid": ["warmtepomp", "zonnepanelen", "isolatie", "energie"],
}


def _department_user(ctx, org):
    User = get_user_model()
    user = User.objects.filter(email="departement@innovet.test").first()
    if user is None:
        user = User.objects.create_user(
            email="departement@innovet.test",
            password=DEMO_PASSWORD,
            first_name="Hilde",
            last_name="Verstraete",
            job_title="Beleidsmedewerker",
        )
    Membership.objects.update_or_create(
        user=user, organisation=org, defaults={"role": Role.ORG_ADMIN, "is_manager": True}
    )
    ctx.users["departement"] = user
    return user


def _survey(ctx, user, org, key, title, **fields):
    existing = Survey.objects.filter(title=title, organisation=org).first()
    if existing:
        return existing, False
    template = SurveyTemplate.objects.get(key=key)
    survey = services.create_survey(user, org, title, template)
    for name, value in fields.items():
        setattr(survey, name, value)
    if fields:
        survey.save(update_fields=list(fields))
    services.publish(user, survey)
    survey.refresh_from_db()
    return survey, True


def _code_open_answers(user, survey, question_key):
    answers = Answer.objects.filter(response__survey=survey, question__key=question_key).exclude(text="")[:80]
    for answer in answers:
        labels = [code for code, words in CODES.items() if any(w in answer.text.lower() for w in words)]
        if labels:
            services.set_codes(user, answer, labels)


def load(ctx):
    services.load_templates()
    department = ctx.orgs.get(DEPARTMENT)
    if department is None:
        ctx.say("  bevragingen: organisatie Departement Onderwijs en Vorming ontbreekt, overgeslagen")
        return
    dep_user = _department_user(ctx, department)
    open_survey, new_open = _survey(
        ctx,
        dep_user,
        department,
        "bijlage-2-1-open-vragen",
        "Draagvlakbevraging InnoVET – open vragen",
        description="Voor leerkrachten, directies, lerarenopleidingen, sectororganisaties en "
        "innovatieve bedrijfsnetwerken.",
    )
    if new_open:
        # 527 opened the opening screen, 313 left there; the rest drop out page by page (study 1.4.2).
        synthetic.generate(open_survey, 214, ctx.rng, dropout=0.045, end_rate=0.06, opened_extra=313 / 214)
        services.add_invitations(
            dep_user,
            open_survey,
            [(f"contact{i}@lerarenopleiding.example", f"Contactpersoon {i}") for i in range(1, 13)],
        )
        _code_open_answers(dep_user, open_survey, "opleidingsnoden")
    rtc_org = ctx.orgs.get("rtc-oost-vlaanderen")
    rtc_user = ctx.users.get("rtc")
    if rtc_org is not None and rtc_user is not None:
        company_survey, new_company = _survey(
            ctx,
            rtc_user,
            rtc_org,
            "bijlage-2-2-gesloten-vragen",
            "Bedrijvenbevraging Oost-Vlaanderen – engagement voor leerkrachten",
            description="Gesloten vragen voor bedrijven uit de provincie, naar Bijlage 2.2 van de InnoVET-studie.",
        )
        if new_company:
            synthetic.generate(company_survey, 160, ctx.rng, dropout=0.03, contacts=True, opened_extra=0.6)
            _code_open_answers(rtc_user, company_survey, "innovatieve_ontwikkelingen")
    pbd_org = ctx.orgs.get("pedagogische-begeleiding-katholiek-onderwijs-vlaanderen")
    pbd_user = ctx.users.get("pbd")
    if pbd_org is not None and pbd_user is not None and not Survey.objects.filter(organisation=pbd_org).exists():
        draft = services.create_survey(pbd_user, pbd_org, "Nascholingsnoden vakgroep elektriciteit 2026-2027")
        version = draft.current_version
        page = services.save_page(pbd_user, version, title="Je vakgroep", intro="", show_if=[])
        services.save_question(
            pbd_user,
            page,
            kind="meerdere",
            key="thema",
            text="Rond welke thema's wil je vakgroep zich dit schooljaar bijscholen?",
            help_text="Meerdere antwoorden mogelijk",
            required=True,
            show_if=[],
            end_message="",
            min_value=None,
            max_value=None,
            options=[
                {"label": "Slimme meters en smart grids"},
                {"label": "Warmtepompen"},
                {"label": "Laadpalen voor elektrische wagens"},
                {"label": "PLC en domotica"},
                {"label": "Ander, namelijk", "is_other": True},
            ],
        )
    ctx.extra["surveys"] = {"open": open_survey.pk}
    ctx.say(f"  bevragingen: {Survey.objects.count()} bevragingen, account departement@innovet.test")
