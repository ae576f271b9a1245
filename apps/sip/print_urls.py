"""Printing, calendar and reminder pages of the SIP."""

from django.urls import path

from apps.sip import print_views

urlpatterns = [
    path("sip/version/<int:pk>/pdf/", print_views.print_plan, name="print_plan"),
    path(
        "sip/version/<int:pk>/pdf/barn/",
        print_views.print_child_friendly,
        name="print_child_friendly",
    ),
    path(
        "sip/version/<int:pk>/boka-uppfoljning/",
        print_views.book_follow_up,
        name="book_follow_up",
    ),
]
