"""The periodic jobs of the workshops app as django-tasks tasks, for deployments
that run a task worker and a scheduler instead of cron. Each one calls the rules in
`workshops.services` and is idempotent, like the management commands:

    */15 * * * *  cd /srv/reseau && .venv/bin/python manage.py expire_offers
    0 * * * *     cd /srv/reseau && .venv/bin/python manage.py send_reminders
    30 3 * * *    cd /srv/reseau && .venv/bin/python manage.py purge_registrations
    0 9 * * *     cd /srv/reseau && .venv/bin/python manage.py remind_missing_reports
"""

from django_tasks import task

from . import services


@task()
def send_reminders_task():
    return services.send_reminders()


@task()
def expire_offers_task():
    return services.expire_offers() + services.expire_invitations()


@task()
def remind_missing_reports_task(days=None):
    return services.remind_missing_reports(days=days)


@task()
def purge_registrations_task(months=None):
    return services.purge_registrations(months=months)
