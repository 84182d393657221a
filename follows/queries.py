"""The read side of follows: what can be followed, read from the other apps. One `Target`
per follow request (its title and address in the visitor's language), and the labels of a
person's follows in a bounded number of queries (one per kind)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from home.models import Publication, Theme
from home.services import ServiceError, absolute_url
from members.models import Commune, Member
from roadmap import services as roadmap
from roadmap.call_models import Call, Idea
from roadmap.models import Action, Proposal, localized_texts, roadmap_page_for_language
from roadmap.services import calls
from workshops.models import EventIndexPage, EventPage

from .models import Follow


@dataclass
class Target:
    kind: str
    title: str
    url: str = ""
    target_id: int | None = None
    commune_id: int | None = None
    intercommunality: str = ""
    theme_id: int | None = None


def _gone():
    return ServiceError(_("This can no longer be followed: it was removed, unpublished or is over."), code="gone")


def _int(value):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def default_language():
    return settings.LANGUAGE_CODE


# --- Titles and URLs in a language ------------------------------------------------------


def action_title(action, language):
    return localized_texts([action], language).get(action.translation_key, action).title


def action_url(action, language):
    return roadmap.action_url(action, language)


def proposals_url(language):
    return roadmap.proposals_url(language)


def call_title(call, language):
    return localized_texts([call], language).get(call.translation_key, call).title


def call_url(call, language):
    path = calls.call_path(call, language)
    return absolute_url(path) if path else ""


def idea_url(idea, language):
    path = calls.idea_path(idea, language)
    return absolute_url(path) if path else ""


def localized_event(event, language):
    translated = event.get_translations(inclusive=True).filter(locale__language_code=language).live().first()
    return translated.specific if translated else event


def agenda_page(language):
    pages = EventIndexPage.objects.live().public().select_related("locale")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code=default_language()).first()
    )


# --- Resolving a follow request ---------------------------------------------------------


def resolve(kind, params, language):
    """The Target for ?id=, ?commune= (INSEE code), ?intercommunality=, ?theme= (slug);
    ServiceError("gone") when the object is missing, unpublished or over."""
    if kind not in Follow.Kind.values:
        raise _gone()
    with translation.override(language):
        return _RESOLVERS[kind](params, language)


def _action(params, language):
    action = Action.objects.filter(pk=_int(params.get("id"))).select_related("locale").first()
    if action is None:
        raise _gone()
    action = action.canonical
    if action.is_dropped:
        raise _gone()
    return Target(Follow.Kind.ACTION, action_title(action, language), action_url(action, language), action.pk)


def _roadmap(params, language):
    page = roadmap_page_for_language(language)
    if page is None:
        raise _gone()
    return Target(Follow.Kind.ROADMAP, _("The whole roadmap"), absolute_url(page.url))


def _event(params, language):
    page = EventPage.objects.live().public().filter(pk=_int(params.get("id"))).first()
    if page is None:
        raise _gone()
    event = page.registration_event
    if event.is_past or event.cancelled:
        raise _gone()
    local = localized_event(event, language)
    return Target(Follow.Kind.EVENT, local.title, absolute_url(local.url or ""), event.pk)


def _member(params, language):
    member = Member.objects.approved().filter(pk=_int(params.get("id"))).first()
    if member is None:
        raise _gone()
    return Target(Follow.Kind.MEMBER, member.name, absolute_url(member.get_absolute_url()), member.pk)


def _proposal(params, language):
    proposal = Proposal.objects.filter(pk=_int(params.get("id")), status=Proposal.Status.OPEN).first()
    if proposal is None:
        raise _gone()
    return Target(Follow.Kind.PROPOSAL, proposal.title, proposals_url(language), proposal.pk)


def _agenda(params, language):
    page = agenda_page(language)
    if page is None:
        raise _gone()
    target = Target(Follow.Kind.AGENDA, _("The agenda"), absolute_url(page.url))
    code = (params.get("commune") or "").strip()
    interco = (params.get("intercommunality") or "").strip()
    slug = (params.get("theme") or "").strip()
    if code:
        commune = Commune.objects.filter(insee_code=code[:5]).only("pk", "name", "insee_code").first()
        if commune is None:
            raise _gone()
        target.commune_id = commune.pk
        target.title = _("The agenda in %(place)s") % {"place": commune.name}
        target.url += f"?commune={commune.insee_code}"
    elif interco:
        if not Commune.objects.filter(intercommunality=interco[:255]).exists():
            raise _gone()
        target.intercommunality = interco[:255]
        target.title = _("The agenda in %(place)s") % {"place": target.intercommunality}
    elif slug:
        theme = Theme.objects.filter(slug=slug[:100], locale__language_code=language).first()
        if theme is None:
            raise _gone()
        canonical = Theme.objects.filter(
            translation_key=theme.translation_key, locale__language_code=default_language()
        ).first()
        target.theme_id = (canonical or theme).pk
        target.title = _("The agenda on %(theme)s") % {"theme": theme.name}
        target.url += f"?theme={theme.slug}"
    return target


def _call(params, language):
    """A call for ideas (in the roadmap's language, as its page shows it), until its
    results are published."""
    call = Call.objects.filter(pk=_int(params.get("id")), locale__language_code=default_language()).first()
    if call is None or call.state() == "results":
        raise _gone()
    return Target(Follow.Kind.CALL, call_title(call, language), call_url(call, language), call.pk)


def _idea(params, language):
    """A published idea of a call whose results are not published yet."""
    idea = (
        Idea.objects.filter(pk=_int(params.get("id")), publication=Publication.PUBLISHED).select_related("call").first()
    )
    if idea is None or idea.call.state() == "results":
        raise _gone()
    return Target(Follow.Kind.IDEA, idea.title, idea_url(idea, language), idea.pk)


_RESOLVERS = {
    Follow.Kind.ACTION: _action,
    Follow.Kind.ROADMAP: _roadmap,
    Follow.Kind.AGENDA: _agenda,
    Follow.Kind.EVENT: _event,
    Follow.Kind.MEMBER: _member,
    Follow.Kind.PROPOSAL: _proposal,
    Follow.Kind.CALL: _call,
    Follow.Kind.IDEA: _idea,
}


# --- Labels of a person's follows -------------------------------------------------------


def describe(follows, language):
    """Set `label` (and `url`) on each follow, in `language`: one query per kind present.
    A follow whose object is gone says so."""
    follows = list(follows)
    by_kind = {}
    for follow in follows:
        by_kind.setdefault(follow.kind, []).append(follow)
    objects = {}
    if Follow.Kind.ACTION in by_kind:
        actions = list(Action.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.ACTION]]))
        texts = localized_texts(actions, language)
        objects["action"] = {a.pk: texts.get(a.translation_key, a).title for a in actions}
    if Follow.Kind.EVENT in by_kind:
        events = EventPage.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.EVENT]])
        objects["event"] = {e.pk: e.title for e in events.only("pk", "title")}
    if Follow.Kind.MEMBER in by_kind:
        members = Member.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.MEMBER]])
        objects["member"] = {m.pk: m.name for m in members.only("pk", "name")}
    if Follow.Kind.PROPOSAL in by_kind:
        proposals = Proposal.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.PROPOSAL]])
        objects["proposal"] = {p.pk: p.title for p in proposals.only("pk", "title")}
    if Follow.Kind.CALL in by_kind:
        found = list(Call.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.CALL]]))
        texts = localized_texts(found, language)
        objects["call"] = {c.pk: texts.get(c.translation_key, c).title for c in found}
    if Follow.Kind.IDEA in by_kind:
        ideas = Idea.objects.filter(pk__in=[f.target_id for f in by_kind[Follow.Kind.IDEA]])
        objects["idea"] = {i.pk: i.title for i in ideas.only("pk", "title")}
    themes = {}
    agenda_themes = [f.theme_id for f in by_kind.get(Follow.Kind.AGENDA, []) if f.theme_id]
    if agenda_themes:
        sources = list(Theme.objects.filter(pk__in=agenda_themes))
        local = {
            t.translation_key: t.name
            for t in Theme.objects.filter(
                translation_key__in=[t.translation_key for t in sources], locale__language_code=language
            )
        }
        themes = {t.pk: local.get(t.translation_key, t.name) for t in sources}
    with translation.override(language):
        for follow in follows:
            if follow.kind == Follow.Kind.ROADMAP:
                follow.label = _("The whole roadmap")
            elif follow.kind == Follow.Kind.AGENDA:
                if follow.commune_id:
                    follow.label = _("The agenda in %(place)s") % {"place": follow.commune.name}
                elif follow.intercommunality:
                    follow.label = _("The agenda in %(place)s") % {"place": follow.intercommunality}
                elif follow.theme_id:
                    follow.label = _("The agenda on %(theme)s") % {"theme": themes.get(follow.theme_id, "")}
                else:
                    follow.label = _("The whole agenda")
            else:
                title = objects.get(follow.kind, {}).get(follow.target_id)
                follow.gone = title is None
                follow.label = title or _("(no longer available)")
            follow.kind_label = follow.get_kind_display()
    return follows
