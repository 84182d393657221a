"""`manage.py catalogues`: refresh the French catalogues (one per app, plus the project's
for templates/ and the settings) with Django's makemessages. `--check` changes nothing:
it refreshes a copy of the sources in a temporary directory and fails if a catalogue lacks
a string the code uses or keeps one it no longer uses (`make check-catalogue`, in CI).
Translations themselves are checked by msgfmt (every entry translated, formats matching)."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "fr"
# Never scanned: the tests' strings are not the site's, nor the benchmark's.
IGNORED = ("tests/*", ".venv/*", "node_modules/*", "bench/*")


def app_directories(base):
    """The project's own apps (those with a locale/ directory), as directory names."""
    return sorted(path.parents[3].name for path in base.glob(f"*/locale/{LANGUAGE}/LC_MESSAGES/django.po"))


def refresh(base):
    """makemessages in each app, then for the rest of the project (templates/, settings)."""
    apps = app_directories(base)
    options = ["-l", LANGUAGE, "--no-obsolete", "--verbosity", "0", *(f"--ignore={pattern}" for pattern in IGNORED)]
    for app in apps:
        _makemessages(base, base / app, options)
    _makemessages(base, base, [*options, *(f"--ignore={app}/*" for app in apps)])


def _makemessages(base, cwd, options):
    command = [sys.executable, str(base / "manage.py"), "makemessages", *options]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)  # noqa: S603 — our own manage.py
    if result.returncode:
        raise CommandError(f"makemessages failed in {cwd}:\n{result.stderr}")


def entries(path):
    """The (context, msgid) of each entry of a catalogue but its header and obsolete ones."""
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


def catalogues(base):
    """The catalogues that `refresh` writes: each app's, then the project's."""
    return [
        Path(directory, "locale", LANGUAGE, "LC_MESSAGES", "django.po") for directory in [*app_directories(base), ""]
    ]


class Command(BaseCommand):
    help = "Refresh the French catalogues, or (--check) fail if they are not in step with the code."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; fail if a refresh would.")

    def handle(self, *args, check=False, **options):
        base = Path(settings.BASE_DIR)
        if not check:
            refresh(base)
            return
        with tempfile.TemporaryDirectory(prefix="catalogues-") as copy:
            copy = Path(copy)
            for name in self._sources(base):
                target = copy / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(base / name, target)
            refresh(copy)
            problems = []
            for name in catalogues(base):
                now, then = entries(base / name), entries(copy / name)
                problems += [f"{name}: missing {msgid!r}" for _context, msgid in sorted(then - now, key=str)]
                problems += [f"{name}: no longer used {msgid!r}" for _context, msgid in sorted(now - then, key=str)]
        if problems:
            raise CommandError(
                "The catalogues are not in step with the code (`make catalogues`):\n" + "\n".join(problems)
            )
        self.stdout.write(f"The {len(catalogues(base))} French catalogues are in step with the code.")

    def _sources(self, base):
        """The files git tracks (the sources, without local databases, uploads or .venv)."""
        command = ["git", "ls-files", "-z"]
        listed = subprocess.run(command, cwd=base, capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
        return [name for name in listed.split("\0") if name and (base / name).is_file()]
