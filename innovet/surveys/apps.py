from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "innovet.surveys"
    label = "surveys"
    verbose_name = _("Bevragingen")

    def ready(self):
        from innovet.core import dashboard, gdpr
        from innovet.core.audit import register_action_labels

        from . import gdpr as surveys_gdpr
        from . import selectors

        dashboard.register("surveys/dashboard_panel.html", selectors.dashboard_panel, order=42)

        register_action_labels(
            {
                "surveys.survey.created": _("bevraging aangemaakt"),
                "surveys.survey.changed": _("instellingen van de bevraging gewijzigd"),
                "surveys.survey.published": _("vragenlijst gepubliceerd"),
                "surveys.survey.closed": _("bevraging afgesloten"),
                "surveys.survey.reopened": _("bevraging heropend"),
                "surveys.version.created": _("nieuwe versie van de vragenlijst gemaakt"),
                "surveys.page.added": _("pagina toegevoegd"),
                "surveys.page.changed": _("pagina gewijzigd"),
                "surveys.page.deleted": _("pagina verwijderd"),
                "surveys.question.added": _("vraag toegevoegd"),
                "surveys.question.changed": _("vraag gewijzigd"),
                "surveys.question.deleted": _("vraag verwijderd"),
                "surveys.invitations.imported": _("contactlijst ingelezen"),
                "surveys.uitnodigingen.queued": _("uitnodigingen verstuurd"),
                "surveys.herinneringen.queued": _("herinneringen verstuurd"),
                "surveys.invitation.deleted": _("uitnodiging en contactgegevens gewist"),
                "surveys.contact.deleted": _("contactgegevens van een respondent gewist"),
                "surveys.answer.coded": _("open antwoord gecodeerd"),
                "surveys.code.deleted": _("code verwijderd"),
                "surveys.need.created": _("nood ingediend in de matchmaking vanuit een antwoord"),
            }
        )
        gdpr.register("bevragingen", exporter=surveys_gdpr.export_user, eraser=surveys_gdpr.erase_user)
