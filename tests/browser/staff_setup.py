"""What the migrations give the staff (groups, the moderation workflow on the tree),
made again for browser tests: a transactional test run before them flushes the tables,
and their restoration is not guaranteed when tests run in parallel."""

from django.contrib.auth.models import Group, Permission

WORKFLOW = "Relecture par les modérateurs"


def ensure_staff_groups_and_workflow():
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

    root = Page.get_first_root_node()
    editors, _ = Group.objects.get_or_create(name="Rédacteurs")
    moderators, _ = Group.objects.get_or_create(name="Modérateurs")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for group in (editors, moderators):
        group.permissions.add(admin_access)
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    for codename in ("publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=moderators,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    return workflow
