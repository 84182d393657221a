"""The member area's pages for the structure's practices (inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("member-area/practices/", views.area_list, name="area_list"),
    path("member-area/practices/new/", views.area_edit, name="area_add"),
    path("member-area/practices/<int:pk>/", views.area_edit, name="area_edit"),
]
