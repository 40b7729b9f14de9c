"""Who may see and change a portfolio: its owner (and platform administrators for support).

A shared portfolio is read through its token (a capability link), never through these permissions.
"""

import rules

from innovet.organisations.permissions import is_platform_admin


@rules.predicate
def is_owner(user, person):
    return person is not None and getattr(user, "pk", None) == person.pk


rules.add_perm("portfolio.view_portfolio", is_owner | is_platform_admin)
rules.add_perm("portfolio.change_portfolio", is_owner)
