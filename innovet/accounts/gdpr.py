"""Personal data of the sign-in throttle (django-axes): its records name the person by e-mail address
(the login name) with IP address and browser. Exported with the account; deleted at erasure, since the
account can no longer sign in and the records serve only to throttle sign-ins."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

RECORDS = [
    (AccessLog, "aanmeldingen"),
    (AccessAttempt, "mislukte pogingen (lopend)"),
    (AccessFailureLog, "mislukte pogingen"),
]


def export_user(user):
    return {
        label: [
            {"tijdstip": r.attempt_time.isoformat(), "ip-adres": r.ip_address, "browser": r.user_agent}
            for r in model.objects.filter(username__iexact=user.email).order_by("-attempt_time")[:200]
        ]
        for model, label in RECORDS
    }


def erase_user(user):
    for model, _label in RECORDS:
        model.objects.filter(username__iexact=user.email).delete()
