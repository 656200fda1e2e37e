"""Authentication backends that load the user and their staff roles in one query.

Every page's navigation asks whether the user is a facilitator or a reviewer (course.context_processors.roles),
which cost a second query on every request. These backends are Django's and allauth's, with ``get_user``
reading the user and one flag per staff role together; the flags are read fresh on every request, so a role
granted or withdrawn applies on the next page. ``course.rules`` reads them.

The query is compiled by the ORM once per database and then run with the user's id: compiling it on every
request cost more CPU than the query itself (docs/performance.md).
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.db import connections, router
from django.db.models import Exists, OuterRef

from .enums import RoleGroup
from .rules import role_flag

_USER_ID_PLACEHOLDER = -2_147_000_001  # no user has it (and it fits an int column): marks where the id goes


@functools.lru_cache(maxsize=8)
def _compiled_user_query(alias, vendor):
    users = get_user_model()
    memberships = users.groups.through.objects
    queryset = users._default_manager.using(alias).filter(pk=_USER_ID_PLACEHOLDER)
    queryset = queryset.annotate(
        **{
            role_flag(group): Exists(memberships.filter(user_id=OuterRef("pk"), group__name=group))
            for group in RoleGroup.values
        }
    )
    sql, params = queryset.query.get_compiler(alias).as_sql()
    return sql, tuple(params)


def user_with_roles(user_id):
    """The user with ``user_id`` and their role flags, or None."""
    users = get_user_model()
    try:
        user_id = users._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a malformed id in a session is "no user", as in Django
        return None
    alias = router.db_for_read(users)
    sql, params = _compiled_user_query(alias, connections[alias].vendor)
    params = [user_id if p == _USER_ID_PLACEHOLDER else p for p in params]
    user = next(iter(users._default_manager.db_manager(alias).raw(sql, params)), None)
    if user is not None:
        for group in RoleGroup.values:  # a raw query leaves SQLite's 0/1 as they are
            setattr(user, role_flag(group), bool(getattr(user, role_flag(group))))
    return user


class RolesInOneQuery:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesInOneQuery, backends.ModelBackend):
    pass


class AllauthBackend(RolesInOneQuery, AuthenticationBackend):
    pass
