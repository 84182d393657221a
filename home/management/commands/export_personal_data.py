"""Export everything held about one e-mail address as JSON (RGPD right of access)."""

import json

from django.core.management.base import BaseCommand

from home.personal_data import export_personal_data


class Command(BaseCommand):
    help = "Export, as JSON, everything the site holds about one e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, email, output=None, **options):
        text = json.dumps(export_personal_data(email), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text + "\n")
            self.stdout.write(f"Written to {output}")
        else:
            self.stdout.write(text)
