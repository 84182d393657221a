"""Expire the seat offers (and the guests' invitations) whose deadline has passed and offer
the seats to the next people on the waiting list.

Idempotent: an expired offer is expired once. Run it every quarter of an hour:

    */15 * * * *  cd /srv/reseau && .venv/bin/python manage.py expire_offers
"""

from django.core.management.base import BaseCommand

from workshops import services
from workshops.tasks import expire_offers_task


class Command(BaseCommand):
    help = "Expire overdue seat offers and pass the seats on (idempotent; run every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--as-task", action="store_true", help="Enqueue as a django-tasks task instead.")

    def handle(self, *args, as_task=False, **options):
        if as_task:
            expire_offers_task.enqueue()
            self.stdout.write("Task enqueued.")
            return
        count = services.expire_offers()
        invitations = services.expire_invitations()
        self.stdout.write(f"{count} offer(s) expired, {invitations} invitation(s) expired (seats released).")
