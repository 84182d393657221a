"""`LongSelect` (home/forms.py) renders the same select as Django's template-based widget."""

import re

import pytest
from django import forms

from home.forms import LongSelect
from members.models import Commune


def compact(html):
    return re.sub(r">\s+<", "><", html.strip())


CHOICES = [("", "---------"), ("49007", "Angers <49>"), ("49099", "Cholet & co"), ("Others", [("x", "X"), ("y", "Y")])]


@pytest.mark.parametrize("value", [None, "49007", "y"])
def test_the_markup_is_djangos(value):
    attrs = {"id": "id_commune", "class": "form-select", "aria-describedby": "help", "required": True}
    expected = forms.Select(choices=CHOICES).render("commune", value, attrs=dict(attrs))
    rendered = LongSelect(choices=CHOICES).render("commune", value, attrs=dict(attrs))
    assert compact(rendered) == compact(expected)
    assert "Angers &lt;49&gt;" in rendered and "<49>" not in rendered


@pytest.mark.django_db
def test_a_model_choice_field_keeps_its_choice():
    Commune.objects.create(insee_code="49007", name="Angers")
    field = forms.ModelChoiceField(queryset=Commune.objects.all(), widget=LongSelect)
    commune = Commune.objects.get()
    html = field.widget.render("commune", commune.pk, attrs={"id": "id_commune"})
    assert f'<option value="{commune.pk}" selected>Angers (49007)</option>' in html
