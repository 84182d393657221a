"""Anonymise residents' personal data in volunteer missions and calls for ideas some months
after the mission or the call's deadline (the site settings' retention, as for
registrants), and forget ideas and supports never confirmed. Idempotent. Run it daily:

    35 3 * * *  cd /srv/reseau && .venv/bin/python manage.py purge_participation
"""

from django.core.management.base import BaseCommand

from roadmap.services import calls, missions


class Command(BaseCommand):
    help = "Anonymise volunteers and idea submitters past the retention period (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="Retention in months (default: site settings).")

    def handle(self, *args, months=None, **options):
        volunteers = missions.purge_volunteers(months=months)
        ideas = calls.purge_old(months=months)
        unconfirmed_ideas, unconfirmed_supports = calls.purge_unconfirmed()
        self.stdout.write(
            f"{volunteers} volunteer(s) and {ideas} idea submitter(s) or supporter(s) anonymised; "
            f"{unconfirmed_ideas} unconfirmed idea(s) and {unconfirmed_supports} support(s) deleted."
        )
