"""Carry the programme models' content types over from the course app, so that permissions granted on them
and admin history entries stay attached to the same models (a database of the release before the programme
had its own app has them as `course | room`…; a new database has none yet and nothing happens)."""

from django.db import migrations

MODELS = ["room", "speaker", "pairgroup", "session", "programmerelease", "calendarfeedtoken"]


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    taken = set(content_types.objects.filter(app_label="programme").values_list("model", flat=True))
    content_types.objects.filter(app_label="course", model__in=[m for m in MODELS if m not in taken]).update(
        app_label="programme"
    )


def move_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="programme", model__in=MODELS).update(app_label="course")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_content_types, move_back)]
