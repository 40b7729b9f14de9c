import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from innovet.organisations.models import Organisation

from . import baking, credentials, selectors, services, verify
from .forms import AchievementForm, AwardForm, RevokeForm, RuleForm, VerifyForm
from .models import ISSUER_KINDS, Achievement, Award, AwardRule


def _error_text(exc):
    return " ".join(m for msgs in getattr(exc, "message_dict", {"": exc.messages}).values() for m in msgs)


def _achievement(request, uuid, perm="badges.change_achievement"):
    achievement = get_object_or_404(Achievement.objects.select_related("issuer"), uuid=uuid)
    if not request.user.has_perm(perm, achievement):
        raise PermissionDenied
    return achievement


def _issuer(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("badges.manage_issuer", organisation):
        raise PermissionDenied
    return organisation


def _award(request, uuid, perm="badges.view_award"):
    award = get_object_or_404(Award.objects.select_related("achievement", "issuer", "recipient"), uuid=uuid)
    if not request.user.has_perm(perm, award):
        raise PermissionDenied
    return award


# --- recipients -----------------------------------------------------------------------------------


@login_required
def mine(request):
    qs = Award.objects.filter(recipient=request.user).select_related("achievement", "issuer")
    page = Paginator(qs, 30).get_page(request.GET.get("pagina"))
    return render(request, "badges/mine.html", {"page": page, "now": timezone.now()})


@login_required
def award_detail(request, uuid):
    award = _award(request, uuid)
    token = award.credential_jwt
    payload = credentials.decode_segment(token.split(".")[1]) if token else None
    return render(
        request,
        "badges/award_detail.html",
        {
            "award": award,
            "credential_json": json.dumps(payload, indent=2, ensure_ascii=False) if payload else "",
            "can_revoke": request.user.has_perm("badges.revoke_award", award) and not award.is_revoked,
            "is_svg": award.achievement.image.name.lower().endswith(".svg"),
        },
    )


def _download_name(award, ext):
    from django.utils.text import slugify

    return f"badge-{slugify(award.achievement.name)[:40] or 'innovet'}.{ext}"


@login_required
def award_json(request, uuid):
    award = _award(request, uuid)
    if not award.credential_jwt:
        raise Http404
    body = json.dumps(credentials.enveloped(award.credential_jwt), indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(award, "json")}"'
    return response


def _image_bytes(achievement):
    if achievement.image:
        with achievement.image.open("rb") as f:
            return f.read()
    return baking.default_png(achievement.name)


@login_required
def award_image(request, uuid):
    award = _award(request, uuid)
    if not award.credential_jwt:
        raise Http404
    data = _image_bytes(award.achievement)
    if award.achievement.image.name.lower().endswith(".svg"):
        body, content_type, ext = baking.bake_svg(data.decode("utf-8"), award.credential_jwt), "image/svg+xml", "svg"
    else:
        body, content_type, ext = baking.bake_png(data, award.credential_jwt), "image/png", "png"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(award, ext)}"'
    return response


@login_required
def award_revoke(request, uuid):
    award = _award(request, uuid, perm="badges.revoke_award")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_award(request.user, award, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("De badge is ingetrokken. Wie ze controleert, ziet de reden."))
            return redirect("badges:achievement_manage", uuid=award.achievement.uuid)
    return render(request, "badges/award_revoke.html", {"award": award, "form": form})


# --- issuers ----------------------------------------------------------------------------------------


@login_required
def issuer_home(request):
    organisations = selectors.issuer_organisations(request.user)
    rows = [
        {"organisation": o, "achievements": list(selectors.achievements_of(o)), "keys": selectors.published_keys(o)}
        for o in organisations
    ]
    return render(request, "badges/issuer_home.html", {"rows": rows})


@login_required
def achievement_create(request, pk):
    organisation = _issuer(request, pk)
    if organisation.kind not in ISSUER_KINDS:
        raise PermissionDenied
    form = AchievementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            achievement = services.create_achievement(request.user, organisation, form.service_data())
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("De badge '%(name)s' is aangemaakt.") % {"name": achievement.name})
            return redirect("badges:achievement_manage", uuid=achievement.uuid)
    return render(request, "badges/achievement_form.html", {"form": form, "organisation": organisation})


@login_required
def achievement_edit(request, uuid):
    achievement = _achievement(request, uuid)
    form = AchievementForm(request.POST or None, request.FILES or None, instance=achievement)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_achievement(request.user, Achievement.objects.get(pk=achievement.pk), form.service_data())
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request, _("De badge is bijgewerkt. Al uitgereikte badges blijven zoals ze ondertekend werden.")
            )
            return redirect("badges:achievement_manage", uuid=achievement.uuid)
    return render(
        request,
        "badges/achievement_form.html",
        {"form": form, "organisation": achievement.issuer, "achievement": achievement},
    )


@login_required
def achievement_manage(request, uuid):
    achievement = _achievement(request, uuid)
    awards = Paginator(selectors.awards_of(achievement), 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "badges/achievement_manage.html",
        {
            "achievement": achievement,
            "page": awards,
            "rules": list(achievement.rules.filter(is_active=True)),
            "award_form": AwardForm(),
            "rule_form": RuleForm(),
        },
    )


@login_required
@require_POST
def award_create(request, uuid):
    achievement = _achievement(request, uuid, perm="badges.award")
    form = AwardForm(request.POST)
    if form.is_valid():
        try:
            award = services.award_badge(request.user, achievement, form.recipient, form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("%(name)s kreeg de badge.") % {"name": award.recipient_name})
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("badges:achievement_manage", uuid=achievement.uuid)


@login_required
@require_POST
def rule_create(request, uuid):
    achievement = _achievement(request, uuid)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.add_rule(request.user, achievement, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("De regel is toegevoegd; wie er al aan voldoet, krijgt de badge meteen."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("badges:achievement_manage", uuid=achievement.uuid)


@login_required
@require_POST
def rule_delete(request, pk):
    rule = get_object_or_404(AwardRule.objects.select_related("achievement__issuer"), pk=pk)
    if not request.user.has_perm("badges.change_achievement", rule.achievement):
        raise PermissionDenied
    services.remove_rule(request.user, rule)
    messages.success(request, _("De regel is uitgezet. Al uitgereikte badges blijven geldig."))
    return redirect("badges:achievement_manage", uuid=rule.achievement.uuid)


@login_required
@require_POST
def key_rotate(request, pk):
    organisation = _issuer(request, pk)
    services.rotate_key(request.user, organisation)
    messages.success(
        request, _("Er is een nieuwe sleutel. Eerder uitgereikte badges blijven verifieerbaar met de oude.")
    )
    return redirect("badges:issuer_home")


# --- public ---------------------------------------------------------------------------------------


def achievement_public(request, uuid):
    achievement = get_object_or_404(Achievement.objects.select_related("issuer"), uuid=uuid)
    return render(
        request,
        "badges/achievement_public.html",
        {
            "achievement": achievement,
            "skills": list(achievement.skills.all()),
            "can_manage": request.user.has_perm("badges.change_achievement", achievement),
        },
    )


def achievement_image(request, uuid):
    achievement = get_object_or_404(Achievement, uuid=uuid)
    if achievement.image:
        content_type = "image/svg+xml" if achievement.image.name.lower().endswith(".svg") else "image/png"
        response = FileResponse(achievement.image.open("rb"), content_type=content_type)
        # An uploaded SVG is checked on upload; the sandbox CSP keeps it inert even if opened directly.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        return response
    return HttpResponse(baking.default_png(achievement.name), content_type="image/png")


def verify_page(request):
    posted = request.method == "POST"  # an empty POST must still be validated (and get its message)
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result, error = verify.verify_input(
            text=form.cleaned_data.get("credential"), upload=form.cleaned_data.get("file")
        )
        if error:
            form.add_error(None, error)
    return render(request, "badges/verify.html", {"form": form, "result": result})


def verify_award(request, uuid):
    award = get_object_or_404(Award.objects.select_related("achievement", "issuer"), uuid=uuid)
    if not award.credential_jwt:
        raise Http404  # erased at the recipient's request
    result = verify.verify_token(award.credential_jwt)
    return render(request, "badges/verify.html", {"form": None, "result": result, "award": award})


@csrf_exempt  # a public, read-only check for other systems; it changes nothing
def verify_api(request):
    if request.method != "POST":
        return JsonResponse({"fout": _("Gebruik POST met de credential als inhoud.")}, status=405)
    upload = request.FILES.get("file")
    if upload is not None:
        result, error = verify.verify_input(upload=upload)
    else:
        if len(request.body) > verify.MAX_INPUT:
            return JsonResponse({"fout": _("Deze inhoud is te lang voor een credential.")}, status=413)
        text = request.body.decode("utf-8", errors="replace")
        if request.content_type == "application/x-www-form-urlencoded":
            text = request.POST.get("credential", "")
        result, error = verify.verify_input(text=text)
    if error:
        return JsonResponse({"geldig": False, "fout": error}, status=400)
    return JsonResponse(result.as_dict(), json_dumps_params={"ensure_ascii": False})


def _public_issuer(pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if organisation.kind not in ISSUER_KINDS:
        raise Http404
    return organisation


def issuer_profile(request, pk):
    organisation = _public_issuer(pk)
    profile = {"@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT], **credentials.issuer_profile(organisation)}
    profile["jwks"] = credentials.absolute(request.path.rstrip("/") + "/jwks.json")
    return JsonResponse(profile, json_dumps_params={"ensure_ascii": False})


def issuer_jwks(request, pk):
    organisation = _public_issuer(pk)
    keys = []
    for key in selectors.published_keys(organisation):
        jwk = dict(key.public_jwk)
        if key.retired_at:
            jwk["exp"] = int(key.retired_at.timestamp())  # no longer signs; still verifies earlier awards
        keys.append(jwk)
    response = JsonResponse({"keys": keys})
    response["Cache-Control"] = "public, max-age=300"
    return response


def status_list(request, pk):
    organisation = _public_issuer(pk)
    key = organisation.badge_keys.filter(retired_at__isnull=True).first()
    if key is None:
        raise Http404
    now = timezone.now().replace(microsecond=0)
    credential = credentials.status_list_credential(organisation, selectors.revoked_indexes(organisation), now)
    claims = {**credential, "iss": credential["issuer"], "iat": int(now.timestamp()), "nbf": int(now.timestamp())}
    response = HttpResponse(credentials.sign(claims, key), content_type="application/vc+jwt")
    response["Cache-Control"] = "no-cache"
    return response
