from django.urls import path

from apps.wheel import views

app_name = "wheel"

urlpatterns = [
    path(
        "arenden/<int:case_pk>/kartlaggning/ny/",
        views.assessment_create,
        name="assessment_create",
    ),
    path("kartlaggning/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("kartlaggning/<int:pk>/andra/", views.assessment_edit, name="assessment_edit"),
]
