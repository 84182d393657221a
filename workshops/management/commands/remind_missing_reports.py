"""E-mail staff about the events that ended some days ago and still have no report
(WORKSHOPS_REPORT_REMINDER_DAYS, default 7, or --days). Once per event. Run it daily:

    0 9 * * *  cd /srv/reseau && .venv/bin/python manage.py remind_missing_reports
"""

from django.core.management.base import BaseCommand

from workshops import services
from workshops.tasks import remind_missing_reports_task


class Command(BaseCommand):
    help = "Remind staff of past events without a report (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Days after the event (default: the setting).")
        parser.add_argument("--as-task", action="store_true", help="Enqueue as a django-tasks task instead.")

    def handle(self, *args, days=None, as_task=False, **options):
        if as_task:
            remind_missing_reports_task.enqueue(days=days)
            self.stdout.write("Task enqueued.")
            return
        count = services.remind_missing_reports(days=days)
        self.stdout.write(f"{count} event(s) without a report reminded to staff.")
