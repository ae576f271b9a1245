from django.urls import path

from apps.cases import views

app_name = "cases"

urlpatterns = [
    path("oro/ny/", views.concern_create, name="concern_create"),
    path("oro/mina/", views.my_concerns, name="my_concerns"),
    path("oro/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("arenden/", views.inbox, name="inbox"),
    path("overgangar/", views.transitions, name="transitions"),
    path("arenden/<int:pk>/", views.case_detail, name="case_detail"),
    path("arenden/<int:pk>/andringar/", views.case_changes, name="case_changes"),
    path("arenden/<int:pk>/handlaggare/", views.assign_handler, name="assign_handler"),
    path("arenden/<int:pk>/avsluta/", views.close_case, name="close_case"),
    path("arenden/<int:pk>/stadium/", views.record_stage, name="record_stage"),
    path("logguppfoljning/<int:agency_pk>/", views.log_review, name="log_review"),
    path("barn/", views.child_search, name="child_search"),
    path("barn/<int:pk>/", views.child_edit, name="child_edit"),
    path("barn/<int:child_pk>/vardnadshavare/ny/", views.guardian_edit, name="guardian_add"),
    path("barn/<int:child_pk>/vardnadshavare/<int:pk>/", views.guardian_edit, name="guardian_edit"),
]
