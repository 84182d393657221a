"""The production settings pass Django's deployment checks and refuse to start without a secret."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "REDIS_URL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="network_site.settings.production", **env)
    return subprocess.run(  # noqa: S603 — our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 64 + "-production-like-secret",
        ALLOWED_HOSTS="reseau.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_come_from_the_environment():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'db': s.DATABASES['default']['ENGINE'], 'host': s.DATABASES['default']['HOST'],"
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
        "'health': s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        "'cache': s.CACHES['default']['BACKEND'], 'cache_at': s.CACHES['default']['LOCATION'],"
        "'sessions': s.SESSION_ENGINE, 'ratelimit': s.RATELIMIT_USE_CACHE,"
        "'email': s.EMAIL_BACKEND, 'email_host': s.EMAIL_HOST,"
        "'tasks': s.TASKS['default']['BACKEND'], 'tasks_app': 'django_tasks_db' in s.INSTALLED_APPS,"
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'media': s.STORAGES['default']['BACKEND'],"
        "'csp': s.CONTENT_SECURITY_POLICY}))"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SECRET_KEY="x" * 64,
        DATABASE_URL="postgres://reseau:secret@db.example:5432/reseau",
        CONN_MAX_AGE="120",
        REDIS_URL="redis://cache.example:6379/1",
        EMAIL_HOST="smtp.example",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["db"] == "django.db.backends.postgresql" and found["host"] == "db.example"
    assert found["conn_max_age"] == 120 and found["health"] is True
    assert found["cache"] == "home.cache.RedisCache"
    assert found["cache_at"] == "redis://cache.example:6379/1"
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["ratelimit"] == "default"
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend" and found["email_host"] == "smtp.example"
    assert found["tasks"] == "django_tasks_db.DatabaseBackend" and found["tasks_app"]
    assert found["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["media"] == "django.core.files.storage.FileSystemStorage"
    directives = found["csp"]["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


def test_production_migrations_are_complete():
    result = run_manage("makemigrations", "--check", "--dry-run", SECRET_KEY="x" * 64)
    assert result.returncode == 0, result.stdout + result.stderr


def test_object_storage_without_django_storages_is_a_clear_error():
    if importlib.util.find_spec("storages") is not None:
        pytest.skip("django-storages is installed here")
    result = run_manage("check", SECRET_KEY="x" * 64, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="reseau-media")
    assert result.returncode != 0
    assert "django-storages" in result.stderr


def test_without_redis_production_shares_a_file_cache_between_processes(tmp_path):
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], str(s.CACHES['default']['LOCATION'])]))"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY="x" * 64, CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    backend, location = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert location == str(tmp_path / "cache")
