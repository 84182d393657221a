"""Remind confirmed volunteers ROADMAP_MISSION_REMINDER_DAYS (default 2) days before their
mission. Idempotent (once per start date). Run it hourly:

    5 * * * *  cd /srv/reseau && .venv/bin/python manage.py send_mission_reminders
"""

from django.core.management.base import BaseCommand

from roadmap.services import missions


class Command(BaseCommand):
    help = "Send the reminders of upcoming volunteer missions (idempotent; run hourly from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{missions.send_reminders()} reminder(s) sent.")
