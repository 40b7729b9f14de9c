"""GDPR: every app registers what personal data it keeps about a user, and how to erase it.

``export_user_data`` gathers all of it for the 'download my data' button; ``erase_user`` runs each
app's eraser (which still sees the person's address and name), then anonymises the account itself, so
contributions (offers, materials) stay but no longer point to a person, then pseudonymises the audit
trail and runs the ``after_erase`` steps (which see the new name: re-indexing search documents).
"""

import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

_exporters = {}
_erasers = {}
_after_erase = {}

ERASED_NAME = "Verwijderde gebruiker"


@dataclass(frozen=True)
class FormerIdentity:
    """Who an erased account was, and the pseudonym that replaces it wherever a record must stay."""

    pk: int
    email: str
    full_name: str
    pseudonym_email: str
    pseudonym_name: str = ERASED_NAME

    def texts(self):
        """The strings that identify the person (longest first), each with its replacement."""
        pairs = [(self.email, self.pseudonym_email)]
        if len(self.full_name.strip()) >= 3:
            pairs.append((self.full_name, self.pseudonym_name))
        return [(old, new) for old, new in sorted(pairs, key=lambda p: -len(p[0])) if old]

    def scrub(self, value):
        """``value`` (text, or JSON-like data) with every mention replaced by the pseudonym."""
        if isinstance(value, str):
            for old, new in self.texts():
                value = _replace_ignoring_case(value, old, new)
            return value
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        return value

    def mentioned_in(self, field):
        """A filter for rows whose text or JSON ``field`` mentions the person (JSON on SQLite stores
        non-ASCII letters escaped, hence both spellings)."""
        q = Q()
        for old, _new in self.texts():
            q |= Q(**{f"{field}__icontains": old})
            escaped = json.dumps(old)[1:-1]
            if escaped != old:
                q |= Q(**{f"{field}__icontains": escaped})
        return q


def _replace_ignoring_case(text, old, new):
    lowered, needle = text.lower(), old.lower()
    out, start = [], 0
    while (found := lowered.find(needle, start)) != -1:
        out.append(text[start:found] + new)
        start = found + len(old)
    return "".join(out) + text[start:]


def register(section, exporter=None, eraser=None, after_erase=None):
    """``eraser(user)`` runs before the account is anonymised; ``after_erase(user, former)`` after it."""
    if exporter:
        _exporters[section] = exporter
    if eraser:
        _erasers[section] = eraser
    if after_erase:
        _after_erase[section] = after_erase


def export_user_data(user):
    data = {
        "account": {
            "e-mailadres": user.email,
            "voornaam": user.first_name,
            "familienaam": user.last_name,
            "functie": user.job_title,
            "telefoon": user.phone,
            "over mij": user.bio,
            "expertise": [t.label for t in user.expertise.all()],
            "meldingen per e-mail": user.email_notifications,
            "aangemaakt op": user.date_joined.isoformat(),
            "laatst aangemeld": user.last_login.isoformat() if user.last_login else None,
        },
        "lidmaatschappen": [
            {"organisatie": m.organisation.name, "rol": m.get_role_display(), "beheerder": m.can_manage}
            for m in user.memberships.select_related("organisation")
        ],
    }
    for section, exporter in _exporters.items():
        data[section] = exporter(user)
    return {"uitgevoerd op": timezone.now().isoformat(), "gegevens": data}


def former_identity(user):
    """The identity of an account about to be erased (erasers call it before the account is anonymised)."""
    return FormerIdentity(
        pk=user.pk,
        email=user.email,
        full_name=user.get_full_name(),
        pseudonym_email=f"verwijderd-{user.pk}@invalid.innovet",
    )


@transaction.atomic
def erase_user(user):
    former = former_identity(user)
    for eraser in _erasers.values():
        eraser(user)
    user.memberships.all().delete()
    user.expertise.clear()
    user.email = former.pseudonym_email
    user.first_name, user.last_name = "Verwijderde", "gebruiker"
    user.job_title = user.phone = user.bio = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    pseudonymise_audit_log(former)
    for step in _after_erase.values():
        step(user, former)
    return former


def pseudonymise_audit_log(former):
    """The audit trail keeps its rows (who did what stays accountable) but no longer names the person:
    their address and name in a row's object text and details become the pseudonym. Rows the person made
    keep pointing to the (now anonymous) account."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditLog

    user_type = ContentType.objects.get_for_model(get_user_model())
    about_the_account = Q(content_type=user_type, object_id=str(former.pk))
    rows = AuditLog.objects.filter(
        about_the_account | former.mentioned_in("object_repr") | former.mentioned_in("data")
    ).only("id", "object_repr", "data", "content_type_id", "object_id")
    changed = []
    for row in rows.iterator(chunk_size=500):
        if row.content_type_id == user_type.pk and row.object_id == str(former.pk):
            repr_ = former.pseudonym_name  # the account's own rows: str(user) was its name or address
        else:
            repr_ = former.scrub(row.object_repr)
        data = former.scrub(row.data)
        if (repr_, data) != (row.object_repr, row.data):
            row.object_repr, row.data = repr_, data
            changed.append(row)
    AuditLog.objects.bulk_update(changed, ["object_repr", "data"], batch_size=500)
    return len(changed)
