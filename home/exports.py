"""Spreadsheet exports made for staff (the admin's "Download XLSX / CSV" buttons).

`StaffExportMixin`, added to a viewset's index view, writes what a person reads:
- headings and values in the admin user's language (the admin activates it);
- statuses and other choices as words, yes/no instead of True/False, related records by
  name, many-to-many fields (a registration's activities) as a list;
- dates and times in the site's time zone, to the minute;
- CSV that French Excel opens as it is: UTF-8 with a BOM, semicolons in French (commas
  in English), and XLSX with real dates.
A view adds a column computed from the record with an `export_<name>(item)` method."""

import csv
import datetime
from collections import OrderedDict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column
from wagtail.coreutils import multigetattr

BOM = "\ufeff"


class _Echo:
    def write(self, value):
        return value


def csv_delimiter(language=None):
    """French Excel splits CSV columns on semicolons (the comma is the decimal mark)."""
    return ";" if (language or get_language() or "fr").startswith("fr") else ","


def local_minute(value):
    """A datetime in the site's time zone, to the minute, without time zone (for Excel)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(second=0, microsecond=0, tzinfo=None)


class StaffExportMixin:
    def to_row_dict(self, item):
        return OrderedDict((field, self.export_value(item, field)) for field in self.list_export)

    def export_value(self, item, field):
        custom = getattr(self, f"export_{field}", None)
        if callable(custom):
            return custom(item)
        try:
            model_field = item._meta.get_field(field)
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and getattr(model_field, "choices", None) and not model_field.many_to_many:
            value = getattr(item, field)
            return getattr(item, f"get_{field}_display")() if value not in (None, "") else ""
        if model_field is not None and (model_field.many_to_many or model_field.one_to_many):
            return ", ".join(str(related) for related in getattr(item, field).all())
        return self.plain_value(multigetattr(item, field))

    def plain_value(self, value):
        if callable(value):
            value = value()
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return local_minute(value)
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV:
            if isinstance(value, datetime.datetime):
                return formats.date_format(value, "SHORT_DATETIME_FORMAT")
            if isinstance(value, datetime.date):
                return formats.date_format(value, "SHORT_DATE_FORMAT")
        return super().preprocess_field_value(field, value, export_format)

    def stream_csv(self, queryset, language=None):
        # The response streams after the view has returned, outside the admin user's
        # language: the language is taken when the response is made and kept.
        language = language or get_language()
        with translation.override(language):
            writer = csv.DictWriter(_Echo(), fieldnames=self.list_export, delimiter=csv_delimiter(language))
            yield BOM + writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            with translation.override(language):
                line = self.write_csv_row(writer, self.to_row_dict(item))
            yield line

    def write_csv_response(self, queryset):
        stream = self.stream_csv(queryset, get_language())
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


class YesNoColumn:
    """A listing column of a yes/no field that reads "oui"/"non" (not True/False)."""

    def __new__(cls, name, label=None, **kwargs):
        class _YesNo(Column):
            def get_value(self, instance):
                value = getattr(instance, self.name)
                return "" if value is None else (_("yes") if value else _("no"))

        return _YesNo(name, label=label, **kwargs)
