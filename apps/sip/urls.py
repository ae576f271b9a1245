from django.urls import path

from apps.sip import print_urls, views

app_name = "sip"

urlpatterns = [
    path("moten/<int:meeting_pk>/sip/ny/", views.plan_create, name="plan_create"),
    path("sip/", views.my_plans, name="my_plans"),
    path("sip/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("sip/<int:pk>/avsluta/", views.close_case, name="close_case"),
    path("sip/<int:pk>/familjen-tackar-nej/", views.plan_decline, name="plan_decline"),
    path("sip/version/<int:pk>/", views.version_detail, name="version_detail"),
    path("sip/version/<int:pk>/andra/", views.version_edit, name="version_edit"),
    path("sip/version/<int:pk>/overens/", views.version_agree, name="version_agree"),
    path("sip/version/<int:pk>/uppfoljning/", views.follow_up_create, name="follow_up_create"),
    *print_urls.urlpatterns,
]
