from django.core.management.base import BaseCommand

from roadmap.services import UNCONFIRMED_RETENTION_DAYS, purge_unconfirmed


class Command(BaseCommand):
    help = "Delete roadmap proposals and supports whose e-mail address was never confirmed (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=UNCONFIRMED_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        proposals, supports = purge_unconfirmed(days)
        self.stdout.write(f"Deleted {proposals} unconfirmed proposal(s) and {supports} unconfirmed support(s).")
