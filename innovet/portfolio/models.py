"""A teacher's portfolio settings: the share link (private by default) and the opt-in for the school profile.

The portfolio itself is not stored: it is read from the participation ledger, the material repository and
(when installed) badges and labs each time, so it can never disagree with them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortfolioSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_settings", verbose_name=_("persoon")
    )
    # A random capability: whoever has the link sees the portfolio. NULL = private (the default); revoking
    # clears it, and sharing again makes a new one, so an old link never comes back to life.
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    shared_at = models.DateTimeField(_("gedeeld sinds"), null=True, blank=True)
    name_on_school_profile = models.BooleanField(
        _("mijn naam tonen op het schoolprofiel"),
        default=False,
        help_text=_("Zonder deze keuze telt het schoolprofiel je badges alleen mee, zonder je naam."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("portfolio-instelling")
        verbose_name_plural = _("portfolio-instellingen")

    def __str__(self):
        return str(self.user)

    @property
    def is_shared(self):
        return bool(self.share_token)
