from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "innovet.badges"
    label = "badges"
    verbose_name = _("Badges")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import EXPERIENCE, register_main_item, register_user_item
        from innovet.notifications.registry import register_category
        from innovet.participation.signals import participation_recorded

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)

        gdpr.register("badges", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("badges/dashboard_panel.html", selectors.dashboard_panel, order=45)
        register_category("badges.awarded", _("Badges die je krijgt"))
        register_main_item(
            EXPERIENCE,
            "badges:verify",
            _("Badges"),
            "award",
            _(
                "Open Badges van RTC's, sectoren, VDAB en scholen voor wie deelnam of meewerkte: "
                "controleer of een badge echt is."
            ),
        )
        register_user_item("badges:mine", _("Mijn badges"), lambda user: True)
        register_user_item(
            "badges:issuer_home", _("Badges uitreiken"), lambda user: bool(selectors.issuer_organisations(user))
        )
        participation_recorded.connect(_evaluate_rules_for_person, dispatch_uid="badges.participation_recorded")
        register_action_labels(
            {
                "badges.key.created": _("sleutel voor badges aangemaakt"),
                "badges.key.rotated": _("sleutel voor badges vervangen"),
                "badges.achievement.created": _("badge aangemaakt"),
                "badges.achievement.updated": _("badge gewijzigd"),
                "badges.rule.created": _("toekenningsregel toegevoegd"),
                "badges.rule.deactivated": _("toekenningsregel uitgezet"),
                "badges.award.issued": _("badge uitgereikt"),
                "badges.award.revoked": _("badge ingetrokken"),
                "badges.award.erased": _("badge gewist (AVG)"),
            }
        )


def _evaluate_rules_for_person(sender, record, **kwargs):
    if record.person_id is None:
        return
    from .tasks import evaluate_for_person_task

    evaluate_for_person_task(record.person_id)
