from django.urls import path

from apps.meetings import views

app_name = "meetings"

urlpatterns = [
    path("arenden/<int:case_pk>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("moten/", views.my_meetings, name="my_meetings"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/protokoll/", views.minutes, name="minutes"),
    path(
        "moten/<int:pk>/samordningsperson/",
        views.appoint_coordinator,
        name="appoint_coordinator",
    ),
]
