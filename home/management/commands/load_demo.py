import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from home.models import HomePage

# Each app contributes its demo content through `<app>.demo.load(stdout)`, in this order.
DEMO_APPS = ["home", "members", "workshops", "roadmap", "follows", "practices"]

DEMO_ADMIN = {"username": "admin", "password": "reseau-demo-2026", "email": "admin@maine-et-loire.example"}


class Command(BaseCommand):
    help = "Load the demo content of Maine-et-Loire's citizenship network (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the site already has content.")
        parser.add_argument("--no-admin", action="store_true", help="Do not create the demo admin account.")

    def handle(self, *args, if_empty=False, no_admin=False, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("The database already has content: demo not loaded.")
        else:
            self.load_apps()
        if not no_admin:
            self.create_demo_admin()

    def load_apps(self):
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            module.load(self.stdout)

    def create_demo_admin(self):
        # Demo accounts have published passwords: never on a site running with DEBUG off.
        if not settings.DEBUG:
            self.stdout.write("Demo accounts are for development only: not created, DEBUG is off.")
            return
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_ADMIN["username"],
            defaults={"email": DEMO_ADMIN["email"], "is_staff": True, "is_superuser": True, "first_name": "Admin"},
        )
        if created:
            user.set_password(DEMO_ADMIN["password"])
            user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Demo admin: {DEMO_ADMIN['username']} / {DEMO_ADMIN['password']} (at /admin/)")
        )
