import datetime

from simulations.templatetags.simulation_tags import action_label, clock, duration, iso_ms, prose


def test_prose_escapes_joins_wrapped_lines_and_makes_lists():
    html = prose("A **bold** <script>x</script>\nwrapped line.\n\n1. **First** item\n   continues\n2. Second")

    assert html == (
        "<p>A <strong>bold</strong> &lt;script&gt;x&lt;/script&gt; wrapped line.</p>"
        "<ol><li><strong>First</strong> item continues</li><li>Second</li></ol>"
    )


def test_prose_bullets_and_empty():
    assert prose("- a\n- b") == "<ul><li>a</li><li>b</li></ul>"
    assert prose("") == ""


def test_iso_ms_is_utc_with_milliseconds():
    instant = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert iso_ms(instant) == "2026-01-02T02:04:05.678Z"


def test_clock_formats_seconds():
    assert (clock(65.4), clock(3723), clock(None)) == ("01:05", "1:02:03", "")


def test_duration_reads_as_minutes_and_seconds():
    assert (duration(600), duration(90), duration(20), duration(None)) == ("10 min", "1 min 30 s", "20 s", "")


def test_action_label_names_round_actions_for_people():
    assert (action_label("statement"), action_label("vote"), action_label("dance")) == (
        "Opening statement",
        "Vote",
        "dance",
    )
