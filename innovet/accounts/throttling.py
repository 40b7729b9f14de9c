"""Throttles on signing in and on password-reset e-mails.

Signing in (django-axes): 5 failures for one address from one IP address lock that pair for 15 minutes
(someone guessing one person's password); and, against password spraying (one or two common passwords
tried on many accounts), a higher number of failures from one IP address over all addresses locks that
IP address. Higher, because a school's staff share one public address: a few mistyped passwords there
must not lock the school out.

Password-reset e-mails: a few per address and per IP address an hour, counted in the shared cache, so
nobody can flood a mailbox or use the form to send mail in bulk. The count and the answer are the same
whether or not the address has an account (no enumeration).
"""

import hashlib

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: ``AXES_FAILURE_LIMIT`` per address + IP and
    ``INNOVET_LOGIN_IP_FAILURE_LIMIT`` per IP over every address (``AXES_LOCKOUT_PARAMETERS`` lists
    both combinations, in that order; axes itself would hold both to one limit)."""

    def get_failures(self, request, credentials=None):
        per_account, per_ip = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_ip >= settings.INNOVET_LOGIN_IP_FAILURE_LIMIT:
            # Report at least axes' limit, so that axes locks (and keeps locking) this IP address.
            limit = settings.AXES_FAILURE_LIMIT
            return max(per_account, limit if isinstance(limit, int) else per_ip)
        return per_account

    def reset_user_attempts(self, request, credentials=None):
        # A successful sign-in clears that address's failures only: one valid account must not wipe
        # the count of a spraying IP address.
        attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = attempts.delete()
        return count


def _hit(key, limit, window):
    """Count one more in the shared cache; False when ``limit`` was already reached in ``window`` s."""
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return True
    return count <= limit


def password_reset_allowed(request, email):
    """Count a password-reset request; False when the address or the IP address asked too often."""
    window = settings.INNOVET_PASSWORD_RESET_WINDOW
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()  # no addresses in cache keys
    ip = get_client_ip_address(request) or "onbekend"
    by_address = _hit(f"pwreset:address:{digest}", settings.INNOVET_PASSWORD_RESET_PER_ADDRESS, window)
    by_ip = _hit(f"pwreset:ip:{ip}", settings.INNOVET_PASSWORD_RESET_PER_IP, window)
    return by_address and by_ip
