"""Background tasks (django-tasks): the weekly digest and a newsletter's batches."""

from django_tasks import task

from .digest import send_digests
from .models import NewsletterPage
from .newsletter import send_all


@task()
def send_digests_task():
    return send_digests()


@task()
def send_newsletter_task(page_id):
    page = NewsletterPage.objects.filter(pk=page_id).first()
    return send_all(page) if page is not None else 0
