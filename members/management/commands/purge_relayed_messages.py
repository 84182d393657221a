from django.core.management.base import BaseCommand

from members.services import RELAYED_MESSAGE_RETENTION_DAYS, purge_relayed_messages


class Command(BaseCommand):
    help = "Delete the messages relayed to people that are older than the retention period (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RELAYED_MESSAGE_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = purge_relayed_messages(days=days)
        self.stdout.write(f"{count} relayed messages older than {days} days deleted.")
