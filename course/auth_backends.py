"""Authentication backends that load the user and their staff roles in one query.

Every page's navigation asks whether the user is a facilitator or a reviewer (course.context_processors.roles),
which cost a second query on every request. These backends are Django's and allauth's, with ``get_user``
reading the user and the names of their groups together (one flag per staff role); the flags are read fresh on
every request, so a role granted or withdrawn applies on the next page. ``course.rules`` reads them.

The query is compiled by the ORM once per database and then run with the user's id on a plain cursor: compiling
it on every request, or a raw queryset's set-up for each row, cost more CPU than the query itself
(docs/performance.md).
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router

from .enums import RoleGroup
from .rules import role_flag

_USER_ID_PLACEHOLDER = -2_147_000_001  # no user has it (and it fits an int column): marks where the id goes


@functools.lru_cache(maxsize=8)
def _compiled_user_query(alias, vendor):
    """(sql, params, attnames, converters) of the query of a user and the names of their groups on database
    ``alias``: one row per group (one row with no name when they have none)."""
    users = get_user_model()
    attnames = [f.attname for f in users._meta.concrete_fields]
    # A left join through the memberships: PostgreSQL plans it in half the time of one EXISTS per role.
    queryset = (
        users._default_manager.using(alias).filter(pk=_USER_ID_PLACEHOLDER).values_list(*attnames, "groups__name")
    )
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    selected = [col.target.attname for col, _, _ in compiler.select]
    if selected != [*attnames, "name"]:
        raise ImproperlyConfigured(f"Unexpected columns in the user query: {selected}")
    # What the ORM would do to each value (SQLite keeps datetimes as text, for one).
    converters = compiler.get_converters([col for col, _, _ in compiler.select])
    return sql, tuple(params), attnames, converters


def user_with_roles(user_id):
    """The user with ``user_id`` and their role flags, or None.

    Run on a plain cursor: a raw queryset's set-up for each row cost as much CPU as the query itself."""
    users = get_user_model()
    try:
        user_id = users._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a malformed id in a session is "no user", as in Django
        return None
    alias = router.db_for_read(users)
    connection = connections[alias]
    sql, params, attnames, converters = _compiled_user_query(alias, connection.vendor)
    params = [user_id if p == _USER_ID_PLACEHOLDER else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    row = list(rows[0])
    for position, (functions, expression) in converters.items():
        for convert in functions:
            row[position] = convert(row[position], expression, connection)
    user = users.from_db(alias, attnames, row[: len(attnames)])
    groups = {r[-1] for r in rows}
    for group in RoleGroup.values:
        setattr(user, role_flag(group), group in groups)
    return user


class RolesInOneQuery:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesInOneQuery, backends.ModelBackend):
    pass


class AllauthBackend(RolesInOneQuery, AuthenticationBackend):
    pass
