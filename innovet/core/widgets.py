"""Form widgets shared by every module."""

from django import forms


class ChecklistSelectMultiple(forms.CheckboxSelectMultiple):
    """A multiple choice as checkboxes, never a Ctrl-click list (unusable on touch screens, hard with a
    keyboard). ``static/js/checklist.js`` adds a filter-as-you-type box above long lists."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-checklist": "1", **(attrs or {})}, choices)
