"""Form widgets shared by every module.

Date and time inputs: browsers accept only ISO values in ``type=date`` (YYYY-MM-DD) and
``type=datetime-local`` (YYYY-MM-DDTHH:MM) inputs and show anything else as an empty field, which a
save then clears. Django renders dates in the active locale's first input format (28/11/2026 in
nl-BE), so a date input needs an explicit ISO format: use ``DateInput`` / ``DateTimeLocalInput``
below, never ``forms.DateInput(attrs={"type": "date"})``.
"""

from django import forms


class ChecklistSelectMultiple(forms.CheckboxSelectMultiple):
    """A multiple choice as checkboxes, never a Ctrl-click list (unusable on touch screens, hard with a
    keyboard). ``static/js/checklist.js`` adds a filter-as-you-type box above long lists."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-checklist": "1", **(attrs or {})}, choices)


ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)


class DateField(forms.DateField):
    """A date field with the ISO date input; still accepts the Belgian way of typing (28/11/2026)."""

    widget = DateInput


class DateTimeField(forms.DateTimeField):
    widget = DateTimeLocalInput
