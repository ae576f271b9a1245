from django.urls import path

from apps.agencies.views import acting, administration, directory

app_name = "agencies"

urlpatterns = [
    path("bba-katalog/", directory.bba_directory, name="directory"),
    path("agera-for/", acting.choose_agency, name="choose_agency"),
    path("administration/", administration.administration_home, name="administration"),
    path("administration/kommuner/", administration.municipality_list, name="municipality_list"),
    path("administration/kommuner/ny/", administration.municipality_edit, name="municipality_add"),
    path(
        "administration/kommuner/<int:pk>/",
        administration.municipality_edit,
        name="municipality_edit",
    ),
    path("administration/verksamheter/", administration.agency_list, name="agency_list"),
    path("administration/verksamheter/ny/", administration.agency_edit, name="agency_add"),
    path("administration/verksamheter/<int:pk>/", administration.agency_edit, name="agency_edit"),
    path(
        "administration/verksamheter/<int:agency_pk>/medlemskap/",
        administration.membership_list,
        name="membership_list",
    ),
    path(
        "administration/verksamheter/<int:agency_pk>/medlemskap/<int:pk>/",
        administration.membership_edit,
        name="membership_edit",
    ),
    path(
        "administration/verksamheter/<int:agency_pk>/medlemskap/<int:pk>/avsluta/",
        administration.membership_end,
        name="membership_end",
    ),
    path(
        "administration/verksamheter/<int:agency_pk>/medlemskap/<int:pk>/andra-faktorn/",
        administration.second_factor_reset,
        name="second_factor_reset",
    ),
    path(
        "administration/verksamheter/<int:agency_pk>/behorighetsandringar/",
        administration.access_changes,
        name="access_changes",
    ),
    path(
        "administration/styrgrupper/",
        administration.steering_seat_list,
        name="steering_seat_list",
    ),
    path(
        "administration/styrgrupper/<int:pk>/avsluta/",
        administration.steering_seat_end,
        name="steering_seat_end",
    ),
    path("administration/personer/", administration.person_list, name="person_list"),
    path("administration/personer/ny/", administration.person_edit, name="person_add"),
    path("administration/personer/<int:pk>/", administration.person_edit, name="person_edit"),
]
