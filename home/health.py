"""Readiness (`/readyz`), beside the liveness check `/healthz` (home.views.healthz).

A load balancer sends visitors to a process that is ready: django-health-check's checks of
the database and the cache, plus the outbox's backlog. The answer is 503 only when the site
cannot serve — the database is unreachable. A cache outage (pages served uncached) and an
outbox backlog (the worker stopped, the mail server failing: e-mails wait, nothing is lost)
are reported in the body as warnings, with 200. `?format=json` for machines."""

import dataclasses

from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceWarning
from health_check.views import HealthCheckView

from .emails import outbox_figures


@dataclasses.dataclass
class OutboxBacklog(HealthCheck):
    """E-mails waiting for more than 5 minutes, or failed after every try."""

    def run(self):
        figures = outbox_figures()
        if figures["overdue"] or figures["failed"]:
            raise ServiceWarning(
                f"{figures['overdue']} e-mail(s) waiting for over 5 minutes, {figures['failed']} failed "
                f"({figures['pending']} pending)"
            )


# Without these, the site cannot serve: 503.
CRITICAL = (Database,)


class ReadinessView(HealthCheckView):
    checks = (Database, Cache, OutboxBacklog)

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code in (200, 500):
            failed = any(result.error for result in self.results if isinstance(result.check, CRITICAL))
            response.status_code = 503 if failed else 200
        return response
