"""Send the reminder e-mail to confirmed participants `reminder_days` before their event.

Idempotent: a reminder is recorded with the event's start date, so it is never sent
twice, and after a reschedule the reminder is for the new date. Run it hourly:

    0 * * * *  cd /srv/reseau && .venv/bin/python manage.py send_reminders
"""

from django.core.management.base import BaseCommand

from workshops import services
from workshops.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Send the reminders of upcoming events (idempotent; run hourly from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--as-task", action="store_true", help="Enqueue as a django-tasks task instead.")

    def handle(self, *args, as_task=False, **options):
        if as_task:
            send_reminders_task.enqueue()
            self.stdout.write("Task enqueued.")
            return
        count = services.send_reminders()
        self.stdout.write(f"{count} reminder(s) sent.")
