"""Erase everything held about one e-mail address (RGPD right to erasure)."""

from django.core.management.base import BaseCommand, CommandError

from home.personal_data import erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase or anonymise everything the site holds about one e-mail address: registrations "
        "(freed seats go to the waiting list), proposals, supports, member contacts and accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes=False, **options):
        if not email.strip():
            raise CommandError("An e-mail address is required.")
        if not yes:
            answer = input(f"Erase everything held about {email}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                raise CommandError("Nothing erased.")
        counts = erase_personal_data(email)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Total: {sum(counts.values())}")
