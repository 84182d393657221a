from django.core.management.base import BaseCommand

from follows.digest import BATCH_SIZE, send_digests
from follows.tasks import send_digests_task


class Command(BaseCommand):
    help = "Build and queue the weekly digest of every follower (nothing when nothing happened)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument("--as-task", action="store_true", help="Queue it as a django-tasks task.")

    def handle(self, *args, batch_size, as_task, **options):
        if as_task:
            send_digests_task.enqueue()
            self.stdout.write("Digest task queued.")
            return
        sent = send_digests(batch_size=batch_size)
        self.stdout.write(f"{sent} digests queued.")
