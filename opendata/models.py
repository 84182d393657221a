"""What the open-data app keeps: when each dataset's content last changed.

A dataset is rebuilt from the database whenever the site's data changes (see
`opendata.datasets`); its *update date* is the moment its content last differed from the
previous build, so a change elsewhere on the site does not make a dataset look newer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetVersion(models.Model):
    name = models.SlugField(_("dataset"), max_length=100, unique=True)
    sha256 = models.CharField(_("SHA-256 of the CSV file"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    published_at = models.DateTimeField(_("first published at"))
    modified_at = models.DateTimeField(_("content last changed at"))

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.modified_at:%Y-%m-%d})"
