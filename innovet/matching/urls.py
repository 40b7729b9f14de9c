from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.need_list, name="need_list"),
    path("nieuw/", views.need_create, name="need_create"),
    path("passend/", views.provider_matches, name="provider_matches"),
    path("<int:pk>/", views.need_detail, name="need_detail"),
    path("<int:pk>/bewerken/", views.need_edit, name="need_edit"),
    path("<int:pk>/status/", views.need_status, name="need_status"),
    path("<int:pk>/herberekenen/", views.need_recompute, name="need_recompute"),
    path("<int:pk>/wij-kunnen-helpen/", views.need_interest, name="need_interest"),
    path("<int:pk>/suggesties/toevoegen/", views.suggestion_add, name="suggestion_add"),
    path("<int:pk>/suggesties/<int:spk>/bevestigen/", views.suggestion_confirm, name="suggestion_confirm"),
    path("<int:pk>/suggesties/<int:spk>/voorstellen/", views.suggestion_introduce, name="suggestion_introduce"),
    path("introducties/<int:pk>/", views.introduction_detail, name="introduction_detail"),
    path("introducties/<int:pk>/antwoord/", views.introduction_answer, name="introduction_answer"),
    path("introducties/<int:pk>/opvolging/", views.introduction_follow_up, name="introduction_follow_up"),
    path("samenwerking/", views.willingness_list, name="willingness_list"),
    path("samenwerking/nieuw/", views.willingness_create, name="willingness_create"),
    path("samenwerking/<int:pk>/", views.willingness_detail, name="willingness_detail"),
    path("samenwerking/<int:pk>/bewerken/", views.willingness_edit, name="willingness_edit"),
    path("samenwerking/<int:pk>/pauzeren/", views.willingness_toggle, name="willingness_toggle"),
]
