from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "innovet.organisations"
    label = "organisations"
    verbose_name = _("Organisaties")

    def ready(self):
        from innovet.core.audit import register_action_labels

        from . import permissions  # noqa: F401  (registers the rules)

        register_action_labels(
            {
                "organisations.organisation.created": _("organisatie aangemaakt"),
                "organisations.organisation.changed": _("gegevens gewijzigd"),
                "organisations.member.invited": _("lid uitgenodigd"),
                "organisations.member.invitation_revoked": _("uitnodiging ingetrokken"),
                "organisations.member.joined": _("lid geworden"),
                "organisations.member.changed": _("rol van een lid gewijzigd"),
                "organisations.member.removed": _("lid verwijderd"),
                "organisations.member.role_corrected": _("rol van een lid rechtgezet (paste niet bij de soort)"),
                "organisations.rtc.province_assigned": _("werkgebied van het RTC gewijzigd"),
            }
        )
