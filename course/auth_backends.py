"""Authentication backends that load the user and their staff roles in one query.

Every page's navigation asks whether the user is a facilitator or a reviewer (course.context_processors.roles),
which cost a second query on every request. These backends are Django's and allauth's, with ``get_user``
annotating the role flags that ``course.rules`` reads; they are read fresh on every request, so a role
granted or withdrawn applies on the next page.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef

from .enums import RoleGroup
from .rules import role_flag


def _with_role_flags(queryset):
    memberships = get_user_model().groups.through.objects
    return queryset.annotate(
        **{
            role_flag(group): Exists(memberships.filter(user_id=OuterRef("pk"), group__name=group))
            for group in RoleGroup.values
        }
    )


class RolesInOneQuery:
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = _with_role_flags(users.all()).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(RolesInOneQuery, backends.ModelBackend):
    pass


class AllauthBackend(RolesInOneQuery, AuthenticationBackend):
    pass
