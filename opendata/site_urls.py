"""The open-data page, inside the language prefix: /donnees-ouvertes/ and /en/open-data/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "opendata_site"
urlpatterns = [path(_("open-data/"), views.page, name="page")]
