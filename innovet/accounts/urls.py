from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("afmelden/", views.logout_view, name="logout"),
    path("registreren/", views.signup, name="signup"),
    path("profiel/", views.profile, name="profile"),
    path("profiel/mijn-gegevens.json", views.export_data, name="export_data"),
    path("profiel/verwijderen/", views.delete_account, name="delete_account"),
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("wachtwoord/nieuw/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "wachtwoord/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
