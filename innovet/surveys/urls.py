from django.urls import path

from . import views, views_respond, views_results

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("nieuw/", views.create, name="create"),
    path("sjablonen/", views.templates, name="templates"),
    path("sjablonen/leidraad-interviews/", views.interview_guide, name="interview_guide"),
    path("sjablonen/<slug:key>/", views.template_detail, name="template_detail"),
    # respondents
    path("d/<str:token>/", views_respond.open_link, name="open_link"),
    path("u/<str:token>/", views_respond.invitation, name="invitation"),
    path("a/<str:token>/", views_respond.resume, name="resume"),
    path("a/<str:token>/einde/", views_respond.finished, name="finished"),
    # owners
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/instellingen/", views.settings_view, name="settings"),
    path("<slug:slug>/vragenlijst/", views.builder, name="builder"),
    path("<slug:slug>/vragenlijst/voorbeeld/", views.preview, name="preview"),
    path("<slug:slug>/vragenlijst/nieuwe-versie/", views.new_version, name="new_version"),
    path("<slug:slug>/publiceren/", views.publish, name="publish"),
    path("<slug:slug>/afsluiten/", views.close, name="close"),
    path("<slug:slug>/heropenen/", views.reopen, name="reopen"),
    path("<slug:slug>/paginas/nieuw/", views.page_edit, name="page_add"),
    path("<slug:slug>/paginas/<int:pk>/", views.page_edit, name="page_edit"),
    path("<slug:slug>/paginas/<int:pk>/verwijderen/", views.page_delete, name="page_delete"),
    path("<slug:slug>/paginas/<int:pk>/verplaatsen/", views.page_move, name="page_move"),
    path("<slug:slug>/paginas/<int:page_pk>/vragen/nieuw/", views.question_edit, name="question_add"),
    path("<slug:slug>/vragen/<int:pk>/", views.question_edit, name="question_edit"),
    path("<slug:slug>/vragen/<int:pk>/verwijderen/", views.question_delete, name="question_delete"),
    path("<slug:slug>/vragen/<int:pk>/verplaatsen/", views.question_move, name="question_move"),
    path("<slug:slug>/uitnodigingen/", views.invitations, name="invitations"),
    path("<slug:slug>/uitnodigingen/versturen/", views.send_invitations, name="send_invitations"),
    path("<slug:slug>/uitnodigingen/<int:pk>/verwijderen/", views.invitation_delete, name="invitation_delete"),
    path("<slug:slug>/verzendingen/<int:pk>/", views.batch_progress, name="batch_progress"),
    path("<slug:slug>/resultaten/", views_results.report, name="report"),
    path("<slug:slug>/resultaten/kruistabel/", views_results.crosstab, name="crosstab"),
    path("<slug:slug>/resultaten/open-antwoorden/", views_results.open_answers, name="open_answers"),
    path("<slug:slug>/resultaten/antwoorden/<int:pk>/codes/", views_results.code_answer, name="code_answer"),
    path("<slug:slug>/resultaten/codes/<int:pk>/verwijderen/", views_results.code_delete, name="code_delete"),
    path("<slug:slug>/resultaten/contactgegevens/", views_results.contacts, name="contacts"),
    path(
        "<slug:slug>/resultaten/contactgegevens/<int:pk>/wissen/", views_results.contact_delete, name="contact_delete"
    ),
    path("<slug:slug>/resultaten/export.csv", views_results.export_csv, name="export_csv"),
    path("<slug:slug>/resultaten/export.xlsx", views_results.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/resultaten/codeboek.csv", views_results.codebook_csv, name="codebook_csv"),
]
