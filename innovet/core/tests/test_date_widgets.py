"""Every date and datetime field of every form uses the ISO widgets: other values look empty in the browser."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps

from innovet.core.widgets import DateInput, DateTimeLocalInput


def _project_forms():
    for config in apps.get_app_configs():
        if not config.name.startswith("innovet."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.django_db
def test_every_date_field_in_every_form_renders_iso_values():
    checked, wrong = 0, []
    for cls in _project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateTimeField):
                expected = DateTimeLocalInput
            elif isinstance(field, forms.DateField):
                expected = DateInput
            else:
                continue
            checked += 1
            if not isinstance(field.widget, expected):
                wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert checked >= 7  # needs, offers (validity and sessions), initiatives, usage reports, surveys
    assert wrong == [], wrong
