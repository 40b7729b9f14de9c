"""Writes of the badges app: issuer keys, achievements, rules, awards and revocations. Each audited."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.organisations.models import Organisation
from innovet.organisations.permissions import require

from . import credentials, keys
from .models import ISSUER_KINDS, STATUS_LIST_SIZE, Achievement, Award, AwardRule, IssuerKey, StatusList


def check_issuer(organisation):
    if organisation.kind not in ISSUER_KINDS:
        raise ValidationError(
            _("Een organisatie van de soort '%(kind)s' kan geen badges uitreiken.")
            % {"kind": organisation.get_kind_display()}
        )


# --- keys -------------------------------------------------------------------------------------


def active_key(organisation):
    """The issuer's signing key, made on first use. Caller holds a transaction."""
    key = IssuerKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
    if key is None:
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        key = IssuerKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
        if key is None:
            kid, public, encrypted = keys.generate()
            key = IssuerKey.objects.create(
                organisation=organisation, kid=kid, public_jwk=public, private_key_encrypted=encrypted
            )
            log_action(key, "badges.key.created", None, {"kid": kid})
    return key


@transaction.atomic
def rotate_key(actor, organisation):
    """Retire the current key (it stays published, so earlier awards still verify) and make a new one."""
    require(actor, "badges.manage_issuer", organisation)
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    old = list(IssuerKey.objects.filter(organisation=organisation, retired_at__isnull=True))
    now = timezone.now()
    IssuerKey.objects.filter(pk__in=[k.pk for k in old]).update(retired_at=now)
    kid, public, encrypted = keys.generate()
    key = IssuerKey.objects.create(
        organisation=organisation, kid=kid, public_jwk=public, private_key_encrypted=encrypted
    )
    log_action(key, "badges.key.rotated", actor, {"kid": kid, "retired": [k.kid for k in old]})
    return key


# --- achievements and rules -------------------------------------------------------------------


ACHIEVEMENT_FIELDS = ("name", "description", "criteria", "valid_for_days", "is_active")


def _unique_name_error(organisation, name, exclude_pk=None):
    qs = Achievement.objects.filter(issuer=organisation, name__iexact=name)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"name": _("Je organisatie heeft al een badge met de naam '%(name)s'.") % {"name": name}})


@transaction.atomic
def create_achievement(actor, organisation, data):
    require(actor, "badges.manage_issuer", organisation)
    check_issuer(organisation)
    _unique_name_error(organisation, data["name"])
    achievement = Achievement(issuer=organisation, created_by=actor)
    for field in ACHIEVEMENT_FIELDS:
        if field in data:
            setattr(achievement, field, data[field])
    if data.get("image"):
        achievement.image = data["image"]
    achievement.save()
    achievement.skills.set(data.get("skills") or [])
    log_action(achievement, "badges.achievement.created", actor, {"name": achievement.name})
    return achievement


@transaction.atomic
def update_achievement(actor, achievement, data):
    require(actor, "badges.change_achievement", achievement)
    _unique_name_error(achievement.issuer, data.get("name", achievement.name), exclude_pk=achievement.pk)
    changed = []
    for field in ACHIEVEMENT_FIELDS:
        if field in data and getattr(achievement, field) != data[field]:
            setattr(achievement, field, data[field])
            changed.append(field)
    if data.get("image"):
        achievement.image = data["image"]
        changed.append("image")
    achievement.save()
    if "skills" in data:
        achievement.skills.set(data["skills"] or [])
    # Awards already issued keep the credential they were signed with: a credential never changes.
    log_action(achievement, "badges.achievement.updated", actor, {"fields": changed})
    return achievement


RULE_FIELDS = (
    "kind",
    "activity_kind",
    "event_kind",
    "active_role_required",
    "organised_by_issuer",
    "title_contains",
    "min_count",
    "since",
)


@transaction.atomic
def add_rule(actor, achievement, data, evaluate=True):
    require(actor, "badges.change_achievement", achievement)
    rule = AwardRule(achievement=achievement, created_by=actor)
    for field in RULE_FIELDS:
        if field in data:
            setattr(rule, field, data[field])
    rule.full_clean()
    rule.save()
    log_action(rule, "badges.rule.created", actor, {"achievement": achievement.pk})
    if evaluate:
        from .tasks import evaluate_rule_task

        transaction.on_commit(lambda: evaluate_rule_task(rule.pk))
    return rule


@transaction.atomic
def remove_rule(actor, rule):
    require(actor, "badges.change_achievement", rule.achievement)
    AwardRule.objects.filter(pk=rule.pk).update(is_active=False)
    log_action(rule, "badges.rule.deactivated", actor)


# --- awards -----------------------------------------------------------------------------------


def _next_status_index(organisation):
    status_list, _created = StatusList.objects.get_or_create(organisation=organisation)
    status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    if status_list.next_index >= STATUS_LIST_SIZE:
        raise ValidationError(_("De statuslijst van deze uitgever is vol; neem contact op met het platformbeheer."))
    index = status_list.next_index
    StatusList.objects.filter(pk=status_list.pk).update(next_index=index + 1)
    return index


def _display_name(user):
    return user.get_full_name() or user.email


def _issue(achievement, recipient, *, actor=None, rule=None, note=""):
    """Create and sign one award. Returns (award, created); a second award of the same badge is refused."""
    existing = Award.objects.filter(achievement=achievement, recipient=recipient).first()
    if existing is not None:
        return existing, False
    issuer = achievement.issuer
    key = active_key(issuer)
    now = timezone.now().replace(microsecond=0)
    award = Award(
        achievement=achievement,
        issuer=issuer,
        recipient=recipient,
        recipient_name=_display_name(recipient),
        key=key,
        status_index=_next_status_index(issuer),
        issued_at=now,
        valid_until=now + timedelta(days=achievement.valid_for_days) if achievement.valid_for_days else None,
        rule=rule,
        awarded_by=actor,
        note=note[:300],
    )
    credential = credentials.build_credential(award)
    award.credential_jwt = credentials.sign(credentials.jwt_claims(credential, now, award.valid_until), key)
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:
        # Another worker awarded it first (rule evaluation and a manual award at once): keep theirs.
        return Award.objects.get(achievement=achievement, recipient=recipient), False
    log_action(
        award,
        "badges.award.issued",
        actor,
        {"achievement": achievement.pk, "recipient": recipient.pk, "rule": rule.pk if rule else None},
    )
    _notify(award)
    return award, True


def _notify(award):
    from innovet.notifications.services import notify

    transaction.on_commit(
        lambda: notify(
            [award.recipient],
            "badges.awarded",
            _("Je kreeg de badge '%(name)s'") % {"name": award.achievement.name},
            body=_("Uitgereikt door %(issuer)s.") % {"issuer": award.issuer.name},
            url=award.get_absolute_url(),
            target=award,
        )
    )


@transaction.atomic
def award_badge(actor, achievement, recipient, note=""):
    """A manual award by a manager of the issuing organisation."""
    require(actor, "badges.award", achievement)
    if not achievement.is_active:
        raise ValidationError(_("Deze badge is niet actief: activeer ze eerst."))
    if recipient is None or not recipient.is_active:
        raise ValidationError({"recipient": _("Deze persoon bestaat niet (meer) op het platform.")})
    award, created = _issue(achievement, recipient, actor=actor, note=note)
    if not created:
        raise ValidationError(
            {
                "recipient": _("%(name)s heeft deze badge al sinds %(date)s.")
                % {"name": award.recipient_name, "date": award.issued_at.strftime("%d/%m/%Y")}
            }
        )
    return award


@transaction.atomic
def award_by_rule(rule, recipient):
    """Idempotent: a person who already has the badge is skipped (returns created=False)."""
    return _issue(rule.achievement, recipient, rule=rule)


@transaction.atomic
def revoke_award(actor, award, reason):
    require(actor, "badges.revoke_award", award)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden voor de intrekking.")})
    updated = Award.objects.filter(pk=award.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:300], revoked_by=actor
    )
    if not updated:
        raise ValidationError(_("Deze badge werd al ingetrokken."))
    award.refresh_from_db()
    log_action(award, "badges.award.revoked", actor, {"reason": award.revoked_reason})
    return award


# --- GDPR ---------------------------------------------------------------------------------------


def user_data(user):
    return [
        {
            "badge": a.achievement.name,
            "uitgever": a.issuer.name,
            "uitgereikt op": a.issued_at.isoformat(),
            "geldig tot": a.valid_until.isoformat() if a.valid_until else None,
            "ingetrokken op": a.revoked_at.isoformat() if a.revoked_at else None,
            "reden intrekking": a.revoked_reason or None,
            "verificatielink": a.verify_url(),
            "credential (VC-JWT)": a.credential_jwt,
        }
        for a in Award.objects.filter(recipient=user).select_related("achievement", "issuer")
    ]


def erase_user(user):
    """Revoke (so copies held elsewhere stop verifying) and drop everything that names the person.

    The row stays without a person: its status-list index must never be handed out again.
    """
    now = timezone.now()
    awards = list(Award.objects.filter(recipient=user))
    for award in awards:
        log_action(award, "badges.award.erased", None)
    Award.objects.filter(pk__in=[a.pk for a in awards], revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason="Gewist op vraag van de ontvanger (AVG)."
    )
    Award.objects.filter(pk__in=[a.pk for a in awards]).update(
        recipient=None, recipient_name="", credential_jwt="", note=""
    )
