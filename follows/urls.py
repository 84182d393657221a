"""Public URLs of follows and the newsletter, mounted inside i18n_patterns; their paths
are translated (French words in French, English under /en/)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "follows"
urlpatterns = [
    path(pgettext_lazy("URL", "follow/<str:kind>/"), views.follow, name="follow"),
    path(pgettext_lazy("URL", "follow/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(pgettext_lazy("URL", "follow/confirm/<str:token>/again/"), views.confirm_again, name="confirm_again"),
    path(pgettext_lazy("URL", "my-follows/"), views.resend_link, name="resend_link"),
    path(pgettext_lazy("URL", "my-follows/<str:token>/"), views.manage, name="manage"),
    path(pgettext_lazy("URL", "unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(pgettext_lazy("URL", "newsletter/sign-up/"), views.newsletter_signup, name="newsletter_signup"),
]
