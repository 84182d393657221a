"""Admin widgets: long lists that staff can search."""

from django import forms


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """A many-to-many choice as a scrollable list of checkboxes with a filter box (our own
    small script, no third party). Without JavaScript it is the plain list of checkboxes;
    the chosen items are listed first."""

    template_name = "home/widgets/searchable_checkboxes.html"

    class Media:
        js = ["js/searchable-choices.js"]

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        # Chosen items first, so that what is already chosen is seen without scrolling.
        return sorted(groups, key=lambda group: not any(option["selected"] for option in group[1]))
