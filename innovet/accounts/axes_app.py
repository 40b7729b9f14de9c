"""django-axes (login throttling) under a Dutch name in the back office; its field labels are translated in
``innovet/locale/nl_BE``."""

from axes import apps as axes_apps
from django.utils.translation import gettext_lazy as _


class AxesConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Aanmeldpogingen")
