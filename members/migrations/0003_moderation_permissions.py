"""Give Wagtail's default groups their permissions on members: Moderators moderate
(view, add, change — the approve/reject views need "change"), Editors only view."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "Moderators": ["view_member", "add_member", "change_member", "view_commune"],
    "Editors": ["view_member", "view_commune"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(*Permission.objects.filter(content_type__app_label="members", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="members", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_directorypage_commune_contour_and_more"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
