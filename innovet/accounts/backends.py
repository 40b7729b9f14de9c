"""Authentication backend: Django's e-mail/password login, with model permissions for staff only."""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """What people may do on the platform follows from their organisation and role (the ``rules`` predicates);
    Django's model permissions only serve the admin, so only staff have them. For everyone else asking the
    database for them cost two queries on every page, since the menus ask ``has_perm``."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not (user_obj.is_staff or user_obj.is_superuser):
            return set()
        return super()._get_permissions(user_obj, obj, from_name)
