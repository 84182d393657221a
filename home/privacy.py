"""Who sees personal data in the admin, decided in one place.

Private data (a member's contact person, a registrant's or proposer's name and e-mail, a
supporter's e-mail) is shown, searched and exported only for:
- superusers;
- data-protection officers (the permission `home.manage_personal_data`, given to the
  group "Délégués à la protection des données");
- the staff who handle those records (the `change` permission of the model, given to the
  group "Modérateurs").
Editors ("Rédacteurs") may read the public side of members and proposals: the private
fields are left out of every listing column, search, export and inspect page they see.

`PrivateFieldsIndexMixin` and `PrivateFieldsInspectMixin` apply it to a viewset's views:
name the fields in `private_fields`; the change permission is the model's own."""

PERSONAL_DATA_PERMISSION = "home.manage_personal_data"


def can_see_private_data(user, model):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm(PERSONAL_DATA_PERMISSION):
        return True
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class PrivateFieldsIndexMixin:
    """Listing, search and export without `private_fields` for those who may not see them."""

    private_fields = ()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.private_fields and not can_see_private_data(request.user, self.model):
            hidden = set(self.private_fields)
            self.list_display = [f for f in self.list_display if getattr(f, "name", f) not in hidden]
            self.list_export = [f for f in (self.list_export or []) if f not in hidden]
            if self.search_fields:
                self.search_fields = [f for f in self.search_fields if f not in hidden]


class PrivateFieldsInspectMixin:
    private_fields = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.private_fields and not can_see_private_data(self.request.user, self.model):
            fields = [f for f in fields if f not in set(self.private_fields)]
        return fields
