"""The staff's groups, workflow and task get French names, and each group the permissions
of its job (home/privacy.py says who sees personal data):

- "Rédacteurs" (Wagtail's "Editors"): pages, plus the public side of members and of the
  roadmap (private fields hidden);
- "Modérateurs" (Wagtail's "Moderators"): pages, moderation of members, registrations,
  proposals and supports (with the personal data they need);
- "Délégués à la protection des données": read every record that holds personal data,
  export or erase what is held about one e-mail address (home.manage_personal_data).

The default workflow and its task, "Moderators approval", become "Relecture par les
modérateurs". Reversible: the English names come back, the added permissions go."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    # French name: (Wagtail's English name, {app: [codenames]})
    "Rédacteurs": (
        "Editors",
        {
            "members": ["view_member", "view_commune"],
            "roadmap": ["view_action", "view_axis", "view_actionupdate", "view_commitment", "view_proposal"],
        },
    ),
    "Modérateurs": (
        "Moderators",
        {
            "members": ["view_member", "add_member", "change_member", "view_commune"],
            "workshops": ["view_registration", "change_registration"],
            "roadmap": [
                "view_action", "add_action", "change_action",
                "view_axis", "add_axis", "change_axis",
                "view_actionupdate", "add_actionupdate", "change_actionupdate",
                "view_commitment", "change_commitment",
                "view_proposal", "change_proposal",
                "view_support", "change_support",
            ],
        },
    ),  # fmt: skip
    "Délégués à la protection des données": (
        None,
        {
            "wagtailadmin": ["access_admin"],
            "home": ["manage_personal_data"],
            "members": ["view_member", "view_commune"],
            "workshops": ["view_registration"],
            "roadmap": ["view_proposal", "view_support", "view_commitment"],
        },
    ),
}
WORKFLOW = ("Moderators approval", "Relecture par les modérateurs")


def _permissions(apps, app_label, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def forwards(apps, schema_editor):
    for app_label in ("home", "members", "workshops", "roadmap"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for french, (english, grants) in GROUPS.items():
        group = Group.objects.filter(name=french).first()
        if group is None and english:
            group = Group.objects.filter(name=english).first()
        if group is None:
            group = Group.objects.create(name=french)
        group.name = french
        group.save()
        for app_label, codenames in grants.items():
            group.permissions.add(*_permissions(apps, app_label, codenames))
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW[0]).update(name=WORKFLOW[1])
    Task.objects.filter(name=WORKFLOW[0]).update(name=WORKFLOW[1])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for french, (english, grants) in GROUPS.items():
        group = Group.objects.filter(name=french).first()
        if group is None:
            continue
        if english is None:
            group.delete()
            continue
        keep = {"members": ["view_member", "add_member", "change_member", "view_commune"]}
        for app_label, codenames in grants.items():
            dropped = [c for c in codenames if c not in keep.get(app_label, [])]
            group.permissions.remove(*_permissions(apps, app_label, dropped))
        group.name = english
        group.save()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW[1]).update(name=WORKFLOW[0])
    Task.objects.filter(name=WORKFLOW[1]).update(name=WORKFLOW[0])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_personal_data_permission"),
        ("members", "0003_moderation_permissions"),
        ("workshops", "0001_initial"),
        ("roadmap", "0002_action_events"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
