from django.urls import path

from apps.analysis import views

app_name = "analysis"

urlpatterns = [
    path("arenden/<int:case_pk>/analys/ny/", views.analysis_create, name="analysis_create"),
    path("analys/<int:pk>/", views.analysis_detail, name="analysis_detail"),
]
