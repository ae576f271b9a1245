from django.urls import path

from apps.consent import views

app_name = "consent"

urlpatterns = [
    path("arenden/<int:case_pk>/samtycke/nytt/", views.consent_create, name="consent_create"),
    path("samtycke/<int:pk>/", views.consent_detail, name="consent_detail"),
    path("samtycke/<int:pk>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
]
