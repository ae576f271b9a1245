from django.urls import path

from apps.indicators import views

app_name = "indicators"

urlpatterns = [
    path("indikatorer/", views.overview, name="overview"),
    path("indikatorer/rakna-om/", views.refresh, name="refresh"),
    path("indikatorer/indikatorer.csv", views.export_csv, name="export_csv"),
    path("indikatorer/indikatorer.xlsx", views.export_xlsx, name="export_xlsx"),
    path("indikatorer/rapport.pdf", views.report_pdf, name="report_pdf"),
]
