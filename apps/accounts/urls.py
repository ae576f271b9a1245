from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from mozilla_django_oidc.views import OIDCLogoutView

from apps.accounts import views
from apps.accounts.forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.SignInView.as_view(), name="login"),
    # Ends the identity provider's session too, where there is one (identity_provider.py).
    path("logga-ut/", OIDCLogoutView.as_view(), name="logout"),
    path("sessionen-har-avslutats/", views.session_ended, name="session_ended"),
    path("andra-faktorn/", views.second_factor_verify, name="second_factor_verify"),
    path("andra-faktorn/reservkod/", views.second_factor_recovery, name="second_factor_recovery"),
    path("andra-faktorn/stall-in/", views.second_factor_enrol, name="second_factor_enrol"),
    path("andra-faktorn/reservkoder/", views.second_factor_codes, name="second_factor_codes"),
    path(
        "losenord/aterstall/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
