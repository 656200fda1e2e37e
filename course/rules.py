"""Named permission predicates shared by every app."""

import rules

from .enums import RoleGroup


@rules.predicate
def is_facilitator(user):
    return bool(user and user.is_authenticated and (user.is_superuser or _in_group(user, RoleGroup.FACILITATOR)))


@rules.predicate
def is_reviewer(user):
    return bool(user and user.is_authenticated and _in_group(user, RoleGroup.REVIEWER))


def _in_group(user, group_name):
    # Cached on the user object so templates and views asking repeatedly cost one query.
    cache = getattr(user, "_accord_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._accord_group_names = cache
    return group_name in cache


rules.add_perm("course.manage_course", is_facilitator)
