from django.core.management.base import BaseCommand

from home.page_cache import clear_page_cache


class Command(BaseCommand):
    help = "Forget every cached page and the shared layout, in every process (after a release that changed templates)."

    def handle(self, *args, **options):
        clear_page_cache()
        self.stdout.write("Page cache and shared layout cleared.")
