"""Staff review of practices in the admin, on `home.admin_views.ConfirmView`: publish, send
back for changes (with what should change), decline (with a reason), unpublish. Each calls
the practices service, which logs the change and e-mails the member's representatives."""

from django.utils.translation import gettext_lazy as _

from home.admin_views import ConfirmView

from . import services
from .forms import ReasonForm
from .models import Practice


class PracticeConfirmView(ConfirmView):
    model = Practice
    permission = "practices.review_practice"
    index_url_name = "wagtailsnippets_practices_practice:list"
    header_icon = "doc-full"
    allowed_statuses = (Practice.Status.SUBMITTED,)
    details_template = "practices/admin/practice_details.html"

    def get_queryset(self):
        return Practice.objects.in_default_locale().select_related("member")

    def is_allowed(self):
        return self.object.status in self.allowed_statuses


class PublishPracticeView(PracticeConfirmView):
    page_title = _("Publish the practice")
    confirmation_message = _(
        "The practice will appear in the library, on the member's profile, on the map and under its competencies; "
        "the member's representatives are e-mailed."
    )
    button_label = _("Yes, publish")
    success_message = _("“%(object)s” is published.")

    def perform(self, data):
        services.publish_practice(self.object, by=self.request.user)


class ReturnPracticeView(PracticeConfirmView):
    page_title = _("Send the practice back for changes")
    form_class = ReasonForm
    confirmation_message = _("The representatives receive what should change and can edit the practice.")
    button_label = _("Send back")
    success_message = _("“%(object)s” is sent back to its authors.")

    def perform(self, data):
        services.return_practice(self.object, reason=data["reason"], by=self.request.user)


class DeclinePracticeView(PracticeConfirmView):
    page_title = _("Decline the practice")
    form_class = ReasonForm
    confirmation_message = _("The representatives receive the reason; the practice will not be published.")
    button_label = _("Decline the practice")
    success_message = _("“%(object)s” is declined.")
    allowed_statuses = (Practice.Status.SUBMITTED, Practice.Status.RETURNED)

    def perform(self, data):
        services.decline_practice(self.object, reason=data["reason"], by=self.request.user)


class UnpublishPracticeView(PracticeConfirmView):
    page_title = _("Unpublish the practice")
    form_class = ReasonForm
    confirmation_message = _("The practice leaves the public site and goes back to its authors with the reason.")
    button_label = _("Unpublish")
    success_message = _("“%(object)s” is unpublished.")
    allowed_statuses = (Practice.Status.PUBLISHED,)

    def perform(self, data):
        services.unpublish_practice(self.object, reason=data["reason"], by=self.request.user)
