"""Plain (non-page) URLs of the workshops app, mounted inside i18n_patterns:
the personal link of a registration and its calendar file."""

from django.urls import path

from . import views

app_name = "workshops"
urlpatterns = [
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path("registrations/<str:token>/event.ics", views.registration_ics, name="registration_ics"),
    path("member-area/events/<int:pk>/registrations/", views.hosted_registrations, name="hosted_registrations"),
    path(
        "member-area/events/<int:pk>/registrations.csv",
        views.hosted_registrations_export,
        name="hosted_registrations_export",
    ),
]
