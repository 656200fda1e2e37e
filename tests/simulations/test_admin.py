from html.parser import HTMLParser

import pytest
from django.urls import reverse

from simulations.domain.runs import RunError
from simulations.domain.scenarios import load_scenario_file
from simulations.models import Option, Score
from tests.factories.course import UserFactory
from tests.factories.simulations import make_run
from tests.simulations.test_scenarios import valid_scenario, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_scenario_editable_in_admin(admin_client):
    run = make_run()
    scenario = run.scenario
    delegation = scenario.delegations.first()

    for url in [
        reverse("admin:simulations_scenario_changelist"),
        reverse("admin:simulations_scenario_change", args=[scenario.pk]),
        reverse("admin:simulations_delegation_change", args=[delegation.pk]),
        reverse("admin:simulations_issue_change", args=[scenario.issues.first().pk]),
        reverse("admin:simulations_run_change", args=[run.pk]),
        reverse("admin:simulations_runevent_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


# --- Editing in admin is checked as load_scenarios checks a file ------------------------------------------


class _FormFields(HTMLParser):
    """The values a browser would post from the admin's change form (inputs, checked boxes, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(admin_client, url):
    parser = _FormFields()
    parser.feed(admin_client.get(url).content.decode())
    data = {name: values for name, values in parser.data.items() if values}
    data.pop("csrfmiddlewaretoken", None)
    data.pop("_save", None)
    return data


def score_field(data, delegation, option):
    """The name prefix of the ScoreInline row that holds ``option``'s score."""
    for name, values in data.items():
        if name.endswith("-option") and values == [str(option.pk)]:
            return name[: -len("-option")]
    raise AssertionError(f"no score row for {option.key}")


@pytest.fixture
def loaded(tmp_path):

    return load_scenario_file(write(tmp_path, valid_scenario()))


def test_delegation_brief_and_score_edited_in_admin(admin_client, loaded):
    delegation = loaded.delegations.get(key="north")
    option = Option.objects.get(issue__scenario=loaded, key="gdp")
    url = reverse("admin:simulations_delegation_change", args=[delegation.pk])
    data = form_data(admin_client, url)
    data["brief"] = ["A NEW BRIEF"]
    data[score_field(data, delegation, option) + "-points"] = ["42"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.brief == "A NEW BRIEF"
    assert Score.objects.get(delegation=delegation, option=option).points == 42


def test_admin_edit_that_breaks_a_played_scenario_is_refused_and_saves_nothing(admin_client, loaded):
    make_run(scenario=loaded)
    delegation = loaded.delegations.get(key="north")
    option = Option.objects.get(issue__scenario=loaded, key="gdp")
    url = reverse("admin:simulations_delegation_change", args=[delegation.pk])
    data = form_data(admin_client, url)
    data["brief"] = ["A NEW BRIEF"]
    data[score_field(data, delegation, option) + "-DELETE"] = ["on"]

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, not a redirect
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "delegation “north”: issue “budget”: missing score for option “gdp”" in page
    assert "A NEW BRIEF</textarea>" in page  # what was typed is still there, to be corrected
    again = _FormFields()
    again.feed(page)
    assert again.data[score_field(data, delegation, option) + "-DELETE"] == ["on"]
    delegation.refresh_from_db()
    assert delegation.brief == "BRIEF north" and Score.objects.filter(delegation=delegation, option=option).exists()


def test_half_built_scenario_is_saved_with_warnings_but_cannot_be_played(admin_client, loaded):
    issue = loaded.issues.get(key="energy")
    url = reverse("admin:simulations_issue_change", args=[issue.pk])
    data = form_data(admin_client, url)
    total = int(data["options-TOTAL_FORMS"][0])
    data.update(
        {
            "options-TOTAL_FORMS": [str(total + 1)],
            f"options-{total}-key": ["wind"],
            f"options-{total}-label": ["Wind farm"],
            f"options-{total}-position": ["9"],
            f"options-{total}-issue": [str(issue.pk)],
        }
    )

    response = admin_client.post(url, data, follow=True)

    assert "Fix before creating a run" in response.content.decode()
    assert Option.objects.filter(issue=issue, key="wind").exists()
    with pytest.raises(RunError, match="scoring sheet"):
        make_run(scenario=loaded)
