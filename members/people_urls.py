"""The member area's pages for the structure's people and alliances (inside i18n_patterns).
No URL gives a structure: every view works on `request.member`, the user's own structure."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("member-area/people/", views.area_people, name="area_people"),
    path("member-area/people/new/", views.area_person_edit, name="area_person_add"),
    path("member-area/people/<int:pk>/", views.area_person_edit, name="area_person_edit"),
    path("member-area/people/<int:pk>/delete/", views.area_person_delete, name="area_person_delete"),
    path("member-area/alliances/", views.area_alliances, name="area_alliances"),
    path("member-area/alliances/<int:pk>/answer/", views.area_alliance_answer, name="area_alliance_answer"),
    path("member-area/alliances/<int:pk>/end/", views.area_alliance_end, name="area_alliance_end"),
]
