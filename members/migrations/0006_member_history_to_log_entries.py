"""A member's history moves to Wagtail's log entries (shown in the admin's history of the
member): each status change becomes a `members.*` log entry with the same time, user and
note; the old table goes in the next migration. Backwards, the entries become rows again."""

from django.db import migrations

IDENTITY_NOTES = {
    "identity change requested": "members.identity_change.request",
    "identity change applied": "members.identity_change.apply",
    "identity change declined": "members.identity_change.discard",
}
STATUS_ACTIONS = {"approved": "members.approve", "rejected": "members.reject", "withdrawn": "members.withdraw"}


def action_and_data(change):
    """The log action and data of an old status change."""
    note = change.note.strip()
    data = {key: value for key, value in (("from_status", change.from_status), ("to_status", change.to_status)) if value}
    if change.from_status == change.to_status:
        for prefix, action in IDENTITY_NOTES.items():
            if note.startswith(prefix):
                rest = note[len(prefix) :].lstrip(":").strip()
                if action == "members.identity_change.request":
                    data["fields"] = [field.strip() for field in rest.split(",") if field.strip()]
                elif rest:
                    data["reason"] = rest
                return action, data
    if not change.from_status and change.to_status == "pending":
        return "members.apply", data
    action = STATUS_ACTIONS.get(change.to_status, "members.status_change")
    if note:
        data["reason"] = note
    return action, data


def to_log_entries(apps, schema_editor):
    MemberStatusChange = apps.get_model("members", "MemberStatusChange")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="members", model="member")
    entries = []
    for change in MemberStatusChange.objects.select_related("member").order_by("changed_at", "pk").iterator():
        action, data = action_and_data(change)
        entries.append(
            ModelLogEntry(
                content_type=content_type,
                object_id=str(change.member_id),
                label=change.member.name,
                action=action,
                data=data,
                timestamp=change.changed_at,
                user_id=change.changed_by_id,
            )
        )
    ModelLogEntry.objects.bulk_create(entries, batch_size=500)


def to_status_changes(apps, schema_editor):
    MemberStatusChange = apps.get_model("members", "MemberStatusChange")
    Member = apps.get_model("members", "Member")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="members", model="member").first()
    if content_type is None:
        return
    entries = ModelLogEntry.objects.filter(content_type=content_type, action__startswith="members.")
    members = set(Member.objects.values_list("pk", flat=True))
    for entry in entries.order_by("timestamp", "pk"):
        if not entry.object_id.isdigit() or int(entry.object_id) not in members:
            continue
        data = entry.data or {}
        note = data.get("reason", "")
        if entry.action == "members.apply":
            note = "application"
        elif entry.action.startswith("members.identity_change."):
            word = entry.action.rsplit(".", 1)[1]
            note = {"request": "identity change requested: " + ", ".join(data.get("fields", [])),
                    "apply": "identity change applied",
                    "discard": f"identity change declined: {note}".strip()}[word]  # fmt: skip
        change = MemberStatusChange.objects.create(
            member_id=int(entry.object_id),
            from_status=data.get("from_status", ""),
            to_status=data.get("to_status", ""),
            changed_by_id=entry.user_id,
            note=note,
        )
        MemberStatusChange.objects.filter(pk=change.pk).update(changed_at=entry.timestamp)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0005_people_tags"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_log_entries, to_status_changes)]
