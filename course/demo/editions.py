"""Demo course editions and staff accounts."""

import datetime
import zoneinfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from course.enums import RoleGroup
from course.models import Course

DEMO_PASSWORD = "accord-demo-2024"
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def ensure_user(email, first_name="", last_name="", password=DEMO_PASSWORD, groups=(), is_superuser=False):
    """A verified demo account; the password is reset to the documented one on every run."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=email, defaults={"username": email[:150], "first_name": first_name, "last_name": last_name}
    )
    user.set_password(password)
    user.is_staff = is_superuser or user.is_staff
    user.is_superuser = is_superuser or user.is_superuser
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def current_edition_dates(today=None):
    """Next year's course: a Monday-to-Friday week in late September; the call closes 90 days ahead."""
    today = today or timezone.localdate()
    year = today.year + 1
    start = datetime.date(year, 9, 21)
    start += datetime.timedelta(days=(7 - start.weekday()) % 7)  # next Monday
    return start, start + datetime.timedelta(days=4)


def seed_editions():
    Course.objects.update_or_create(
        slug="2024-trieste",
        defaults=dict(
            title="11th AAAS-TWAS Course on Science Diplomacy",
            edition_number=11,
            venue="Trieste, Italy",
            timezone="Europe/Rome",
            starts_on=datetime.date(2024, 6, 3),
            ends_on=datetime.date(2024, 6, 7),
            capacity_pairs=15,
            opens_at=datetime.datetime(2023, 11, 15, 9, 0, tzinfo=ROME),
            deadline=datetime.datetime(2024, 2, 5, 23, 59, tzinfo=ROME),
            description="The 11th edition. Scientist–policymaker pairs from the developing and developed world "
            "spent a week in Trieste with expert lectures, workshops and role-play simulations.",
        ),
    )
    start, end = current_edition_dates()
    now = timezone.now()
    Course.objects.update_or_create(
        slug="current",
        defaults=dict(
            title=f"AAAS-TWAS Course on Science Diplomacy {start.year}",
            edition_number=11 + (start.year - 2024),
            venue="Trieste, Italy",
            timezone="Europe/Rome",
            starts_on=start,
            ends_on=end,
            capacity_pairs=15,
            opens_at=(now - datetime.timedelta(days=30)).replace(microsecond=0),
            deadline=(now + datetime.timedelta(days=90))
            .astimezone(ROME)
            .replace(hour=23, minute=59, second=0, microsecond=0),
            description="Apply as a pair: one scientist and one policymaker, usually from the same country. "
            "A week of lectures by eminent experts, workshops and role-play negotiations.",
        ),
    )
    return []


def seed_staff():
    ensure_user("facilitator@accord.example", "Fatima", "Facilitator", groups=[RoleGroup.FACILITATOR])
    ensure_user("reviewer@accord.example", "Rui", "Reviewer", groups=[RoleGroup.REVIEWER])
    ensure_user("admin@accord.example", "Ada", "Admin", is_superuser=True, groups=[RoleGroup.FACILITATOR])
    return [
        ("Facilitator", "facilitator@accord.example", DEMO_PASSWORD),
        ("Reviewer", "reviewer@accord.example", DEMO_PASSWORD),
        ("Administrator (Django admin)", "admin@accord.example", DEMO_PASSWORD),
    ]
