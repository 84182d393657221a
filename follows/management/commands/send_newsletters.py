from django.core.management.base import BaseCommand

from follows.newsletter import BATCH_SIZE, send_due


class Command(BaseCommand):
    help = "Send the scheduled newsletters whose time has come, and finish those being sent, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size, **options):
        sent = send_due(batch_size=batch_size)
        self.stdout.write(f"{sent} newsletter e-mails queued.")
