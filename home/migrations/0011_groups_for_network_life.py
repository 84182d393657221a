"""The staff's groups get the permissions of the records added with the network's life
(people, practices, invitations, date polls, event proposals, certificates, volunteer
missions, calls for ideas, agenda items, content reports, followers):

- "Modérateurs" handle them (view, add where staff create them, change) and so see the
  personal data they need (home/privacy.py: the model's change permission);
- "Délégués à la protection des données" read every record that holds personal data;
- "Rédacteurs" get nothing here: these records are about people.

Without it, only superusers could do these jobs and the data-protection officers could not
read what they answer for. Reversible: the added permissions go."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HANDLE = ["view", "add", "change"]
REVIEW = ["view", "change"]

MODERATORS = {
    "members": {"person": HANDLE, "alliance": REVIEW, "sector": ["view"]},
    "practices": {"practice": REVIEW, "domain": ["view"], "competency": ["view"]},
    "workshops": {
        "invitation": HANDLE,
        "datepoll": HANDLE,
        "pollrespondent": REVIEW,
        "eventproposal": REVIEW,
        "attendancecertificate": REVIEW,
    },
    "roadmap": {
        "mission": HANDLE,
        "volunteer": REVIEW,
        "call": HANDLE,
        "idea": REVIEW,
        "ideasupport": REVIEW,
        "agendaitem": HANDLE,
    },
    "home": {"contentreport": REVIEW},
}
DATA_PROTECTION = {
    "members": {"person": ["view"], "alliance": ["view"], "relayedmessage": ["view"]},
    "practices": {"practice": ["view"]},
    "workshops": {
        "invitation": ["view"],
        "datepoll": ["view"],
        "pollrespondent": ["view"],
        "eventproposal": ["view"],
        "attendancecertificate": ["view"],
    },
    "roadmap": {
        "mission": ["view"],
        "volunteer": ["view"],
        "call": ["view"],
        "idea": ["view"],
        "ideasupport": ["view"],
    },
    "follows": {"subscriber": ["view"], "follow": ["view"], "delivery": ["view"]},
    "home": {"contentreport": ["view"]},
}
GRANTS = {"Modérateurs": MODERATORS, "Délégués à la protection des données": DATA_PROTECTION}


def _permissions(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, models in grants.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        found += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return found


def forwards(apps, schema_editor):
    for app_label in ("home", "members", "workshops", "roadmap", "practices", "follows"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, grants))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, grants))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0010_contentreport"),
        ("members", "0005_people_tags"),
        ("practices", "0001_initial"),
        ("workshops", "0004_registration_waiting_part"),
        ("roadmap", "0005_proposal_premoderation"),
        ("follows", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
