from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "innovet.labs"
    label = "labs"
    verbose_name = _("Innovatielabs")

    def ready(self):
        from django.db.models.signals import post_save

        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.core.navigation import COLLABORATE, register_main_item, register_user_item
        from innovet.materials.models import Review, UsageReport
        from innovet.notifications.registry import DIGEST, register_category

        from . import rules, selectors, services  # noqa: F401  (registers the permissions)
        from .search_indexes import register_index

        register_index()
        # The repository's own flows feed the labs: a usage report is a classroom test (tester, adoption),
        # a review can make a lab presentable.
        post_save.connect(_usage_report_saved, sender=UsageReport, dispatch_uid="labs.usage_report")
        post_save.connect(_review_saved, sender=Review, dispatch_uid="labs.review")
        from django.apps import apps

        if apps.is_installed("innovet.insights"):
            # Ledger rows that point to a lab, a showcase or an adoption: their graden, studiedomein and place.
            from innovet.insights.registry import register_activity_source

            for model in ("lab", "showcase", "adoption"):
                register_activity_source(f"labs.{model}", lambda ids, model=model: selectors.activity_info(model, ids))
        gdpr.register("innovatielabs", exporter=services.user_data, eraser=services.erase_user)
        dashboard.register("labs/dashboard_panel.html", selectors.dashboard_panel, order=27)
        register_main_item(
            COLLABORATE,
            "labs:lab_list",
            _("Innovatielabs"),
            "lightbulb",
            _(
                "Scholen en partners ontwikkelen samen lesmateriaal, testen het in de klas en tonen het op een "
                "toonmoment; andere scholen sluiten aan in het natraject."
            ),
        )
        register_user_item(
            "labs:overview", _("Overzicht innovatielabs"), lambda user: user.has_perm("labs.view_overview")
        )
        register_category("labs.lab", _("Innovatielabs: partners, engagementen, taken en aansluitingen"))
        register_category("labs.discussion", _("Innovatielabs: berichten in de discussie"))
        register_category("labs.signal", _("Innovatielabs: mijlpalen over tijd en labs zonder activiteit"))
        register_category("labs.funding", _("Innovatielabs: financieringskansen"), default=DIGEST)
        register_action_labels(
            {
                "labs.lab.created": _("innovatielab gestart"),
                "labs.lab.changed": _("gegevens van het lab gewijzigd"),
                "labs.lab.stopped": _("lab stopgezet"),
                "labs.school.added": _("school toegevoegd"),
                "labs.school.left": _("school vertrokken uit het lab"),
                "labs.teacher.added": _("leerkracht ontwikkelt mee"),
                "labs.partner.added": _("partner toegevoegd"),
                "labs.partner.left": _("partner vertrokken uit het lab"),
                "labs.commitment.added": _("engagement toegevoegd"),
                "labs.commitment.changed": _("engagement gewijzigd"),
                "labs.plan.changed": _("planning aangepast"),
                "labs.milestone.added": _("mijlpaal toegevoegd"),
                "labs.milestone.done": _("mijlpaal bereikt"),
                "labs.milestone.reopened": _("mijlpaal heropend"),
                "labs.phase.changed": _("fase gewijzigd"),
                "labs.task.added": _("taak toegevoegd"),
                "labs.task.done": _("taak afgewerkt"),
                "labs.task.reopened": _("taak heropend"),
                "labs.message.posted": _("bericht geplaatst"),
                "labs.document.added": _("document toegevoegd"),
                "labs.document.removed": _("document verwijderd"),
                "labs.material.linked": _("lesmateriaal gekoppeld"),
                "labs.material.unlinked": _("lesmateriaal ontkoppeld"),
                "labs.showcase.added": _("op het programma van een toonmoment gezet"),
                "labs.showcase.presented": _("gepresenteerd op een toonmoment"),
                "labs.followup.opened": _("natraject geopend"),
                "labs.followup.closed": _("natraject gesloten"),
                "labs.adoption.requested": _("school vraagt aan te sluiten bij het natraject"),
                "labs.adoption.intake": _("intake gehouden"),
                "labs.adoption.onboarding": _("opstartsessie gehouden"),
                "labs.adoption.changed": _("status van een aansluitende school gewijzigd"),
                "labs.signal.overdue": _("mijlpaal over tijd gesignaleerd"),
                "labs.signal.inactive": _("lab zonder activiteit gesignaleerd"),
                "labs.funding.posted": _("financieringskans geplaatst"),
            }
        )


def _usage_report_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import usage_report_filed

        usage_report_filed(instance)


def _review_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from django.db import transaction

        from .services import material_changed

        material_id = instance.version.material_id
        # The review's service saves the material's new status after the review row: look after that.
        transaction.on_commit(lambda: material_changed(material_id))
