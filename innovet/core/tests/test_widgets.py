"""No Ctrl-click lists: every multiple choice in the UI is a list of checkboxes (with a search box when long)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import innovet
from innovet.core.widgets import ChecklistSelectMultiple


def _project_forms():
    for module_info in pkgutil.walk_packages(innovet.__path__, "innovet."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.rsplit(".", 1)[-1].startswith("forms"):
            continue
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


@pytest.mark.django_db
def test_no_form_uses_a_ctrl_click_multi_select():
    found, offenders = 0, []
    for form_class in _project_forms():
        found += 1
        for field_name, field in form_class.base_fields.items():
            widget = field.widget
            if isinstance(widget, forms.SelectMultiple) and not isinstance(widget, forms.CheckboxSelectMultiple):
                offenders.append(f"{form_class.__module__}.{form_class.__name__}.{field_name}")
    assert found > 20  # the scan really looked at the project's forms
    assert offenders == []


def test_checklist_marks_each_box_for_the_search_script():
    widget = ChecklistSelectMultiple(choices=[("a", "Warmtepompen"), ("b", "Zonnepanelen")])
    html = widget.render("themes", ["b"])
    assert html.count('type="checkbox"') == 2 and html.count("data-checklist") == 2
    assert "<select" not in html
