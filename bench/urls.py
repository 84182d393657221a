"""The project's URLs plus the benchmark's ceiling views (bench/views.py)."""

from django.urls import path

from network_site.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/ceiling/<int:event_pk>/", views.ceiling, name="bench_ceiling"),
    # The event's public path after the prefix, as Wagtail's own serve view receives it.
    path("bench/routed/<path:path>", views.routed_ceiling, name="bench_routed_ceiling"),
    *site_urlpatterns,
]
