"""GDPR: every app registers what personal data it keeps about a user, and how to erase it.

``export_user_data`` gathers all of it for the 'download my data' button; ``erase_user`` runs each
app's eraser and then anonymises the account itself, so contributions (offers, materials) stay
but no longer point to a person.
"""

from django.db import transaction
from django.utils import timezone

_exporters = {}
_erasers = {}


def register(section, exporter=None, eraser=None):
    if exporter:
        _exporters[section] = exporter
    if eraser:
        _erasers[section] = eraser


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


@transaction.atomic
def erase_user(user):
    for eraser in _erasers.values():
        eraser(user)
    user.memberships.all().delete()
    user.expertise.clear()
    user.email = f"verwijderd-{user.pk}@invalid.innovet"
    user.first_name, user.last_name = "Verwijderde", "gebruiker"
    user.job_title = user.phone = user.bio = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
