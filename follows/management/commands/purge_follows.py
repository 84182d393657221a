from django.core.management.base import BaseCommand

from follows.services import purge


class Command(BaseCommand):
    help = (
        "Forget unconfirmed follows and subscriptions (30 days), addresses left with nothing, "
        "and the sending history older than the site's retention period."
    )

    def handle(self, *args, **options):
        counts = purge()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
