"""The project's URLs plus the benchmark's ceiling view (bench/views.py)."""

from django.urls import path

from network_site.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [path("bench/ceiling/<int:event_pk>/", views.ceiling, name="bench_ceiling"), *site_urlpatterns]
