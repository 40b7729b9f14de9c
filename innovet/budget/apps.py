from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "innovet.budget"
    label = "budget"
    verbose_name = _("Nascholingsbudget en -plan")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import register_user_item

        from . import rules, selectors, services, signals  # noqa: F401  (registers the permissions)

        signals.connect()
        if apps.is_installed("innovet.catalogue"):
            from innovet.catalogue import related

            related.register_offer(selectors.offer_box)  # 'Opnemen in het nascholingsbudget' on the offer page
        gdpr.register("nascholingsbudget", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("budget/dashboard_panel.html", selectors.dashboard_panel, order=50)
        register_user_item("budget:index", _("Nascholingsbudget"), lambda user: bool(selectors.managed_schools(user)))
        register_action_labels(
            {
                "budget.created": _("nascholingsbudget vastgelegd"),
                "budget.changed": _("nascholingsbudget gewijzigd"),
                "budget.allocation.set": _("deelbudget ingesteld"),
                "budget.allocation.removed": _("deelbudget weggehaald"),
                "budget.cost.planned": _("nascholingskost gepland"),
                "budget.cost.approved": _("nascholingskost goedgekeurd"),
                "budget.cost.spent": _("nascholingskost besteed"),
                "budget.cost.cancelled": _("nascholingskost geannuleerd"),
                "budget.plan.saved": _("nascholingsplan bewaard"),
                "budget.priority.added": _("prioriteit toegevoegd aan het nascholingsplan"),
                "budget.priority.changed": _("prioriteit van het nascholingsplan gewijzigd"),
                "budget.year.closed": _("schooljaar afgesloten met een terugblik"),
            }
        )
