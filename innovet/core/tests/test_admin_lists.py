"""Back-office changelists join every foreign key they show.

Django's changelist joins only the non-null foreign keys of ``list_display`` on its own; a nullable
one (or a field reached through str() of a row) costs one query per row unless
``list_select_related`` names it. The per-app query-count tests measure the big lists with rows."""

import pytest
from django.contrib import admin
from django.db import models


def _innovet_admins():
    for model, model_admin in admin.site._registry.items():
        if model.__module__.startswith("innovet."):
            yield model, model_admin


def test_every_nullable_foreign_key_shown_in_a_changelist_is_joined():
    missing = []
    for model, model_admin in _innovet_admins():
        joined = model_admin.list_select_related
        for name in model_admin.list_display:
            if not isinstance(name, str):
                continue
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue
            if isinstance(field, models.ForeignKey) and field.null:
                if joined is not True and name not in (joined or ()):
                    missing.append(f"{model._meta.label}.{name}")
    assert missing == [], missing


@pytest.mark.django_db
def test_every_changelist_opens_for_the_administrator(client, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    for model, _model_admin in _innovet_admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
