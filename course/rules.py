"""Named permission predicates shared by every app, and the one facilitator permission.

Views ask registered permissions by name through course.permissions (has_perm, require_perm, the facilitator
gate); the predicates themselves may be combined in other apps' rules.py.
"""

import rules

from .enums import RoleGroup


@rules.predicate
def is_facilitator(user):
    return bool(user and user.is_authenticated and (user.is_superuser or _in_group(user, RoleGroup.FACILITATOR)))


@rules.predicate
def is_reviewer(user):
    return bool(user and user.is_authenticated and _in_group(user, RoleGroup.REVIEWER))


def role_flag(group_name):
    """The attribute a user loaded by course.auth_backends carries for membership of ``group_name``."""
    return f"accord_in_{group_name}"


def _in_group(user, group_name):
    # Loaded with the user on every request (course.auth_backends); else read once and kept on the object.
    flag = getattr(user, role_flag(group_name), None)
    if flag is not None:
        return flag
    cache = getattr(user, "_accord_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._accord_group_names = cache
    return group_name in cache


rules.add_perm("course.facilitate", is_facilitator)  # course.permissions.FACILITATE: the facilitator gate
rules.add_perm("course.review", is_reviewer)  # course.permissions.REVIEW: the reviewer's queue
