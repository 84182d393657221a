"""The member area (plain URLs, mounted inside i18n_patterns): log in and out, password
reset, the invitation link, and a representative's own structure. No URL carries a
structure's id: every view works on `request.member`, the user's own structure."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("member-area/", views.dashboard, name="dashboard"),
    path("member-area/profile/", views.edit_profile, name="edit_profile"),
    path("member-area/invite/", views.invite_colleague, name="invite"),
    path("member-area/leave/", views.leave_network, name="leave"),
    path("member-area/login/", views.LoginView.as_view(), name="login"),
    path("member-area/logout/", views.LogoutView.as_view(), name="logout"),
    path("member-area/logged-out/", views.logged_out, name="logged_out"),
    path("member-area/invitation/<str:token>/", views.invitation, name="invitation"),
    path("member-area/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("member-area/password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "member-area/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "member-area/password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
