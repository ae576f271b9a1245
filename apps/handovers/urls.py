from django.urls import path

from apps.handovers import views

app_name = "handovers"

urlpatterns = [
    path("arenden/<int:case_pk>/overlamning/ny/", views.handover_create, name="handover_create"),
    path("overlamningar/inkommande/", views.incoming, name="incoming"),
    path("overlamningar/<int:pk>/", views.handover_detail, name="handover_detail"),
    path("overlamningar/<int:pk>/avboj/", views.decline, name="decline"),
    path("overlamningar/<int:pk>/ta-emot/", views.accept, name="accept"),
    path("overlamningar/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
    path(
        "overlamningar/<int:pk>/fortsatt-kartlaggning/",
        views.continue_mapping,
        name="continue_mapping",
    ),
]
