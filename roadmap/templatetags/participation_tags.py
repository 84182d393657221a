"""What the roadmap shows on other pages: an action's or event's volunteer missions
with the places left, a proposal's steps with the governing body, and the agenda items
on a minutes page. Each tag reads its rows in one query."""

from django import template
from django.utils import translation

from ..agenda_models import AgendaItem
from ..call_models import Call, Idea
from ..mission_models import Mission
from ..models import RoadmapPage, roadmap_page_for_language

register = template.Library()


def _roadmap_page(page=None):
    """The roadmap page in the active language: `page` when the caller is it."""
    if isinstance(page, RoadmapPage):
        return page
    return roadmap_page_for_language(translation.get_language())


@register.inclusion_tag("roadmap/includes/missions.html")
def missions_of(action=None, event=None, roadmap_page=None):
    """The upcoming missions of an action (any of its translations) or of an event."""
    missions = Mission.objects.upcoming().with_places_taken()
    if getattr(action, "has_missions", None) is False:  # known by `queries.action_or_404`
        return {"missions": []}
    if action is not None:
        missions = missions.filter(action__translation_key=action.translation_key)
    elif event is not None:
        missions = missions.filter(event__translation_key=event.translation_key)
    else:
        return {"missions": []}
    missions = list(missions.order_by("start", "pk"))
    page = _roadmap_page(roadmap_page) if missions else None
    for mission in missions:
        mission.url = page.url + page.reverse_subpage("mission", args=[mission.pk]) if page else ""
    return {"missions": missions}


@register.inclusion_tag("roadmap/includes/proposal_timeline.html")
def agenda_timeline(subject):
    """A proposal's or an idea's steps with the governing body."""
    items = list(subject.agenda_items.select_related("body", "minutes").order_by("added_at", "pk"))
    return {"items": items}


@register.inclusion_tag("roadmap/includes/minutes_agenda.html")
def minutes_agenda(minutes_page):
    """The proposals and ideas on the agenda of this meeting (the minutes page in any language)."""
    items = list(
        AgendaItem.objects.filter(minutes__translation_key=minutes_page.translation_key)
        .select_related("proposal", "idea")
        .order_by("added_at", "pk")
    )
    page = _roadmap_page() if items else None
    for item in items:
        if page is None:
            item.subject_url = ""
        elif item.proposal_id:
            item.subject_url = page.url + page.reverse_subpage("proposal", args=[item.proposal_id])
        else:
            item.subject_url = page.url + page.reverse_subpage("idea", args=[item.idea.call_id, item.idea_id])
        item.action_url = (
            page.url + page.reverse_subpage("action", args=[item.action_id]) if page and item.action_id else ""
        )
    return {"items": items}


@register.inclusion_tag("roadmap/includes/idea_links.html")
def idea_links(action=None, event=None, roadmap_page=None):
    """The other way of the link between ideas and what they became: on an action, the idea
    it comes from; on an event, the calls that prepare it and the ideas that became its
    activities."""
    if getattr(action, "has_ideas", None) is False:  # known by `queries.action_or_404`
        return {}
    ideas = Idea.objects.filter(selection=Idea.Selection.SELECTED).select_related("call", "activity")
    calls = []
    if action is not None:
        ideas = ideas.filter(action__translation_key=action.translation_key)
    elif event is not None:
        ideas = ideas.filter(activity__event__translation_key=event.translation_key)
        calls = list(Call.objects.filter(event__translation_key=event.translation_key).order_by("-deadline"))
    else:
        return {}
    ideas = list(ideas)
    page = _roadmap_page(roadmap_page) if ideas or calls else None
    for idea in ideas:
        idea.url = page.url + page.reverse_subpage("idea", args=[idea.call_id, idea.pk]) if page else ""
    for call in calls:
        call.url = page.url + page.reverse_subpage("call", args=[call.pk]) if page else ""
    return {"ideas": ideas, "calls": calls}
