"""Plain (non-page) URLs of the roadmap app, mounted inside i18n_patterns: the personal
links sent by e-mail and the roadmap part of the member area."""

from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("roadmap/confirm-proposal/<str:token>/", views.confirm_proposal, name="confirm_proposal"),
    path("roadmap/confirm-support/<str:token>/", views.confirm_support, name="confirm_support"),
    path("roadmap/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("roadmap/member/propose/", views.member_propose, name="member_propose"),
    path("roadmap/member/actions/<int:pk>/support/", views.member_support_action, name="member_support_action"),
    path("roadmap/member/proposals/<int:pk>/support/", views.member_support_proposal, name="member_support_proposal"),
    path("roadmap/member/commitments/add/", views.commitment_add, name="commitment_add"),
    path("roadmap/member/commitments/<int:pk>/withdraw/", views.commitment_withdraw, name="commitment_withdraw"),
    path("roadmap/confirm-idea/<str:token>/", views.confirm_idea, name="confirm_idea"),
    path("roadmap/confirm-idea-support/<str:token>/", views.confirm_idea_support, name="confirm_idea_support"),
    path("benevolat/<str:token>/", views.volunteer_detail, name="volunteer"),
    path("roadmap/member/missions/<int:pk>/volunteers.csv", views.member_export, name="mission_export"),
]
