"""Attendance certificates as PDF, drawn with fpdf2 (pure Python, no system library) and
the DejaVu Sans fonts shipped in `workshops/fonts/` (nothing is downloaded at run time).
The PDF is drawn from the certificate's own copy of what it certifies."""

from pathlib import Path

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from wagtail.models import Site

from home.models import NetworkSettings
from home.services import absolute_url

FONTS = Path(__file__).resolve().parent / "fonts"


def _network_name():
    site = Site.objects.filter(is_default_site=True).first()
    settings_ = NetworkSettings.for_site(site) if site else None
    name = getattr(settings_, "network_name", "") or (site.site_name if site else "")
    return name or _("Citizenship network")


def _duration(delta):
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def render_pdf(certificate, language="fr"):
    with translation.override(language):
        start = timezone.localtime(certificate.start)
        end = timezone.localtime(certificate.end)
        network = _network_name()
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_title(_("Attendance certificate"))
        pdf.set_author(network)
        pdf.set_lang(language)
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        pdf.set_margins(25, 25, 25)
        pdf.set_y(30)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 8, network, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(18)
        pdf.set_font("DejaVu", "B", 22)
        pdf.cell(0, 12, _("Attendance certificate"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(14)
        pdf.set_font("DejaVu", "", 12)
        holder = certificate.holder_name or _("(name removed after the retention period)")
        date = formats.date_format(start, "j F Y")
        if start.date() != end.date():
            when = _("from %(start)s to %(end)s") % {
                "start": formats.date_format(start, "j F Y"),
                "end": formats.date_format(end, "j F Y"),
            }
        else:
            when = _("on %(date)s, from %(start)s to %(end)s") % {
                "date": date,
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
            }
        text = _(
            "The network certifies that %(holder)s attended the %(kind)s “%(event)s” %(when)s%(place)s, "
            "a duration of %(duration)s."
        ) % {
            "holder": holder,
            "kind": certificate.get_event_kind_display().lower(),
            "event": certificate.event_title,
            "when": when,
            "place": (" " + _("at %(place)s") % {"place": certificate.place}) if certificate.place else "",
            "duration": _duration(certificate.duration),
        }
        pdf.multi_cell(0, 8, text)
        pdf.ln(20)
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "j F Y")
        pdf.cell(0, 8, _("Issued on %(date)s.") % {"date": issued}, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, _("For the network"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(0, 8, _("The network's coordination team"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-60)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(
            0,
            6,
            _("Verification code: %(code)s\nCheck that this certificate is genuine at %(url)s")
            % {"code": certificate.code, "url": absolute_url(certificate.verification_url())},
        )
        return bytes(pdf.output())
