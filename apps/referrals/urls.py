from django.urls import path

from apps.referrals import views

app_name = "referrals"

urlpatterns = [
    path("arenden/<int:case_pk>/remiss/ny/", views.referral_create, name="referral_create"),
    path("remisser/inkommande/", views.incoming, name="incoming"),
    path("remisser/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("remisser/<int:pk>/avboj/", views.decline, name="decline"),
    path("remisser/<int:pk>/ta-emot/", views.accept, name="accept"),
    path("remisser/<int:pk>/aterkalla/", views.withdraw, name="withdraw"),
]
