from django.urls import path

from apps.skolfam import views

app_name = "skolfam"

urlpatterns = [
    path("skolfam/", views.cohort, name="cohort"),
    path("skolfam/att-kartlagga/", views.due, name="due"),
    path("skolfam/barn/<int:pk>/", views.member_detail, name="member_detail"),
    path("skolfam/barn/<int:pk>/kartlaggning/ny/", views.mapping_create, name="mapping_create"),
    path("skolfam/barn/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    path("arenden/<int:case_pk>/skolfam/", views.mark, name="mark"),
    path("administration/skolfam/", views.participation_list, name="participation_list"),
    path(
        "administration/skolfam/<int:municipality_pk>/",
        views.participation_edit,
        name="participation_edit",
    ),
]
