"""Anonymise registrants' personal data (name, e-mail, commune, needs, personal link)
a number of months after their event: the site settings' retention (default 6), or
`--months`. Counts, party sizes and statuses stay for statistics.

Idempotent: anonymised registrations are skipped. Run it nightly:

    30 3 * * *  cd /srv/reseau && .venv/bin/python manage.py purge_registrations
"""

from django.core.management.base import BaseCommand

from workshops import services
from workshops.tasks import purge_registrations_task


class Command(BaseCommand):
    help = "Anonymise registrations of events older than the retention period (idempotent; run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="Override the retention period.")
        parser.add_argument("--as-task", action="store_true", help="Enqueue as a django-tasks task instead.")

    def handle(self, *args, months=None, as_task=False, **options):
        if as_task:
            purge_registrations_task.enqueue(months=months)
            self.stdout.write("Task enqueued.")
            return
        count = services.purge_registrations(months=months)
        self.stdout.write(f"{count} registration(s) anonymised.")
