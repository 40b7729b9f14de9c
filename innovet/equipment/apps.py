from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "innovet.equipment"
    label = "equipment"
    verbose_name = _("Gedeelde uitrusting")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import EXPERIENCE, register_main_item, register_user_item
        from innovet.notifications.registry import register_category

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)

        gdpr.register("gedeelde uitrusting", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("equipment/dashboard_panel.html", selectors.dashboard_panel, order=45)
        register_category("equipment.rotation", _("Gedeelde uitrusting en rotatie"))
        register_main_item(
            EXPERIENCE,
            "equipment:set_list",
            _("Gedeelde uitrusting"),
            "truck",
            _(
                "Dure uitrusting, zoals de wagens van Diagnose Car, die telkens enkele maanden van school naar "
                "school gaat."
            ),
        )
        register_user_item("equipment:mine", _("Mijn uitrusting en rotaties"), lambda user: True)
        register_action_labels(
            {
                "equipment.set.created": _("uitrusting geregistreerd"),
                "equipment.set.changed": _("uitrusting gewijzigd"),
                "equipment.application.created": _("uitrusting aangevraagd"),
                "equipment.application.conditions": _("voorwaarden van een aanvraag bijgewerkt"),
                "equipment.application.withdrawn": _("aanvraag voor uitrusting ingetrokken"),
                "equipment.rotation.built": _("rotatieschema opgesteld"),
                "equipment.handover.step": _("overdrachtsstap genoteerd"),
                "equipment.handover.completed": _("overdracht afgerond"),
                "equipment.turn.dropped": _("school haakt af"),
                "equipment.turn.replaced": _("beurt overgenomen van de wachtlijst"),
            }
        )
