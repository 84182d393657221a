"""Plain (non-page) URLs of the workshops app, mounted inside i18n_patterns:
the personal link of a registration and its calendar file."""

from django.urls import path

from . import network_views, views

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
    path("registrations/<str:token>/certificate.pdf", network_views.certificate_pdf, name="certificate"),
    path("registrations/<str:token>/certificate/send/", network_views.certificate_send, name="certificate_send"),
    path("invitations/<str:token>/", network_views.invitation, name="invitation"),
    path("polls/<slug:slug>/", network_views.poll, name="poll"),
    path("polls/answer/<str:token>/", network_views.poll_answer, name="poll_answer"),
    path("certificates/verify/", network_views.certificate_verify, name="certificate_lookup"),
    path("certificates/verify/<str:code>/", network_views.certificate_verify, name="certificate_verify"),
    path("member-area/events/propose/", network_views.propose_event, name="propose_event"),
    path("member-area/polls/new/", network_views.member_poll, name="member_poll"),
]
