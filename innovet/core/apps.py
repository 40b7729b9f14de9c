from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "innovet.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .page_cache import connect_signals

        connect_signals()
        # The release step runs migrate: pages and fragments rendered by the old code's templates are not
        # served under the new one (they would stay until the next write or their expiry).
        post_migrate.connect(_new_release, sender=self, dispatch_uid="core-release-content-version")


def _new_release(**kwargs):
    from .page_cache import bump_content_version

    bump_content_version()
