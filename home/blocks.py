"""The small set of StreamField blocks editors compose governance pages with."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

HEADING_LEVELS = [("h2", _("Level 2 heading")), ("h3", _("Level 3 heading")), ("h4", _("Level 4 heading"))]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=HEADING_LEVELS,
        default="h2",
        help_text=_("Keep levels in order: a level 3 heading follows a level 2 heading."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading_block.html"
        preview_value = {"text": _("Our steering committee"), "level": "h2"}
        description = _("A section heading with a chosen level.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image_block.html"
        description = _("An image with its alternative text (or marked decorative) and an optional caption.")


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "components/blocks/document_list_block.html"
        description = _("Downloadable documents, shown with their format and size.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=255)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote or testimonial")
        template = "components/blocks/quote_block.html"
        preview_value = {
            "quote": _("Taking part changed how our village makes decisions."),
            "author": "Claire M.",
            "role": _("Deputy mayor"),
        }
        description = _("A testimonial with its author.")


class LinkStructValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    external_url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action_block.html"
        value_class = LinkStructValue
        preview_value = {
            "title": _("Join the network"),
            "text": _("Communes and associations of the département can apply online."),
            "button_label": _("Apply"),
            "external_url": "https://example.org/",
        }
        description = _("A highlighted invitation with a button.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("external_url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Question or title"), max_length=255)
    content = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "components/blocks/accordion_block.html"
        preview_value = {
            "title": _("Frequently asked questions"),
            "items": [{"title": _("Who can join?"), "content": _("Communes and associations.")}],
        }
        description = _("Questions and answers that open one by one (they work without JavaScript).")


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(
        blocks.CharBlock(label=_("Cell"), required=False, max_length=500), label=_("Cells"), collapsed=False
    )

    class Meta:
        icon = "list-ul"
        label = _("Row")


class TableBlock(blocks.StructBlock):
    """A data table made of text: its caption, column headings and cells are plain text
    fields, so that wagtail-localize offers each of them for translation (Wagtail's
    TypedTableBlock is opaque to it, and had a second, unused caption)."""

    caption = blocks.CharBlock(
        label=_("Caption"), max_length=255, help_text=_("Says what the table shows; read first by screen readers.")
    )
    headings = blocks.ListBlock(
        blocks.CharBlock(label=_("Column heading"), max_length=255),
        label=_("Column headings"),
        min_num=1,
        help_text=_("One heading per column, from left to right."),
    )
    rows = blocks.ListBlock(TableRowBlock(), label=_("Rows"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table_block.html"
        description = _("A data table with a caption and column headings; every cell can be translated.")
        preview_value = {
            "caption": _("Citizen days per year"),
            "headings": [_("Year"), _("Citizen days")],
            "rows": [{"cells": ["2025", "12"]}, {"cells": ["2026", "18"]}],
        }

    def clean(self, value):
        value = super().clean(value)
        columns = len(value.get("headings") or [])
        for row in value.get("rows") or []:
            if len(row["cells"]) > columns:
                raise StructBlockValidationError(
                    block_errors={"rows": ValidationError(_("A row has more cells than there are column headings."))}
                )
        return value


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=20)
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1, max_num=6)

    class Meta:
        icon = "order"
        label = _("Key figures")
        template = "components/blocks/key_figures_block.html"
        preview_value = {"figures": [{"value": "42", "label": _("member communes")}]}
        description = _("Up to six figures shown side by side.")


class EmbedBlock(blocks.StructBlock):
    """A video or other external content. To keep every page free of third-party
    requests, it is shown as a titled link; nothing is loaded from the provider."""

    title = blocks.CharBlock(
        label=_("Title"), max_length=255, help_text=_("Says what the content is; required for accessibility.")
    )
    url = blocks.URLBlock(label=_("Address of the content"))
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "media"
        label = _("Embedded content")
        template = "components/blocks/embed_block.html"
        description = _("A video or external content, shown as a link so that no third-party site is contacted.")


class GovernanceBodyBlock(blocks.StructBlock):
    body = SnippetChooserBlock("home.GovernanceBody", label=_("Body"))

    class Meta:
        icon = "group"
        label = _("Governance body")
        template = "components/blocks/governance_body_block.html"
        description = _("A body of the network with its mission and members.")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="components/blocks/paragraph_block.html",
        preview_value=_("<p>The network brings together elected officials, agents and associations.</p>"),
        description=_("Paragraphs with links and lists."),
    )
    image = CaptionedImageBlock()
    documents = DocumentListBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    table = TableBlock()
    key_figures = KeyFiguresBlock()
    embed = EmbedBlock()
    governance_body = GovernanceBodyBlock()
