"""Anonymise volunteers' personal data some months after their mission (the site
settings' retention, as for registrants). Idempotent. Run it daily:

    35 3 * * *  cd /srv/reseau && .venv/bin/python manage.py purge_volunteers
"""

from django.core.management.base import BaseCommand

from roadmap import missions


class Command(BaseCommand):
    help = "Anonymise volunteers of missions older than the retention period (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="Retention in months (default: site settings).")

    def handle(self, *args, months=None, **options):
        self.stdout.write(f"{missions.purge_volunteers(months=months)} volunteer(s) anonymised.")
