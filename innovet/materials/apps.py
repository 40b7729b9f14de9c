from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "innovet.materials"
    label = "materials"
    verbose_name = _("Lesmateriaal")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels
        from innovet.notifications.registry import register_category

        from . import gdpr as material_gdpr
        from . import rules  # noqa: F401  (registers the permissions)
        from .dashboard import panel_context

        try:
            from .search_indexes import register_index
        except ImportError:  # the search engine is not installed yet
            register_index = None
        if register_index is not None:
            register_index()

        register_category("materials.usage", _("Lesmateriaal: gebruik in de klas gemeld"), default="direct")
        register_category("materials.review", _("Lesmateriaal: reviews en reacties"), default="direct")
        register_category("materials.authors", _("Lesmateriaal: co-auteurschap"), default="direct")
        gdpr.register("lesmateriaal", exporter=material_gdpr.export_user, eraser=material_gdpr.erase_user)
        dashboard.register("materials/dashboard_panel.html", panel_context, order=30)
        register_action_labels(
            {
                "materials.material.created": _("lesmateriaal aangemaakt"),
                "materials.material.changed": _("gegevens gewijzigd"),
                "materials.material.remixed": _("kopie gemaakt van ander materiaal"),
                "materials.material.copied": _("iemand maakte een kopie"),
                "materials.material.deleted": _("concept verwijderd"),
                "materials.version.published": _("nieuwe versie gepubliceerd"),
                "materials.status.changed": _("status gewijzigd"),
                "materials.author.invited": _("co-auteur uitgenodigd"),
                "materials.author.invitation_revoked": _("uitnodiging als co-auteur ingetrokken"),
                "materials.author.declined": _("uitnodiging als co-auteur geweigerd"),
                "materials.author.added": _("co-auteur toegevoegd"),
                "materials.author.removed": _("co-auteur verwijderd"),
                "materials.workform.added": _("werkvorm toegevoegd"),
                "materials.workform.changed": _("werkvorm gewijzigd"),
                "materials.workform.removed": _("werkvorm verwijderd"),
                "materials.file.added": _("bestand toegevoegd"),
                "materials.link.added": _("link toegevoegd"),
                "materials.file.removed": _("bestand of link uit de werkversie gehaald"),
                "materials.review.submitted": _("review ingediend"),
                "materials.review.commented": _("reactie op een review"),
                "materials.use.reported": _("gebruik in de klas gemeld"),
            }
        )
