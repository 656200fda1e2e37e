"""Demo data of the speakers' area: addresses, two signed-in speakers, answers, availability and materials.

Idempotent: rows are matched by speaker and session (answers, availability) or by session and title
(materials); files are written only when a material is first created."""

import datetime

from django.core.files.base import ContentFile

from course.demo import DEMO_PASSWORD, ensure_user
from programme.domain.programme import combine_local
from programme.enums import ConfirmationState, MaterialKind, MaterialVisibility
from programme.models import Material, Speaker, SpeakerAvailability, SpeakerConfirmation

SPEAKER_ACCOUNT = "speaker@accord.example"
# The first speaker signs in with the demo password; the second through a mailed link (no password).
SIGNED_IN = {"okafor": SPEAKER_ACCOUNT, "lindqvist": "lindqvist@speakers.demo.accord.example"}
MATERIALS = {
    "okafor": [
        ("Science diplomacy: a map of the field (slides)", MaterialKind.SLIDES, MaterialVisibility.PUBLIC),
        ("Reading: The Royal Society–AAAS framework (2010)", MaterialKind.READING, MaterialVisibility.COHORT),
    ],
    "lindqvist": [
        ("Arctic Council science cooperation (slides)", MaterialKind.SLIDES, MaterialVisibility.COHORT),
    ],
}


def seed_speaker_area(course, speakers):
    """``speakers``: {key: Speaker} of the demo week. Returns the demo accounts to print."""
    for key, speaker in speakers.items():
        if not speaker.email:
            speaker.email = SIGNED_IN.get(key, f"{key}@speakers.demo.accord.example")
            speaker.save(update_fields=["email"])
    okafor = ensure_user(SPEAKER_ACCOUNT, first_name="Amara", last_name="Okafor")
    Speaker.objects.filter(pk=speakers["okafor"].pk).update(user=okafor, timezone="Africa/Lagos")
    lindqvist = ensure_user(SIGNED_IN["lindqvist"], first_name="Henrik", last_name="Lindqvist")
    lindqvist.set_unusable_password()
    lindqvist.save(update_fields=["password"])
    Speaker.objects.filter(pk=speakers["lindqvist"].pk).update(user=lindqvist, timezone="Europe/Stockholm")

    for key in ("okafor", "lindqvist"):
        speaker = speakers[key]
        sessions = list(speaker.sessions.order_by("starts_at"))
        for session in sessions:
            SpeakerConfirmation.objects.get_or_create(
                speaker=speaker, session=session, defaults={"state": ConfirmationState.CONFIRMED}
            )
        for session, (title, kind, visibility) in zip(sessions, MATERIALS[key], strict=False):
            _material(session, speaker, title, kind, visibility)
    # One speaker asked for a change, so the team's page shows all three states.
    haddad = speakers["haddad"]
    first = haddad.sessions.order_by("starts_at").first()
    if first is not None:
        SpeakerConfirmation.objects.get_or_create(
            speaker=haddad,
            session=first,
            defaults={"state": ConfirmationState.CHANGE_REQUESTED, "note": "Could this move to the afternoon?"},
        )
    # Okafor gave her availability: each day of the course, 08:00–18:00 (all her sessions fit: no warning).
    if not SpeakerAvailability.objects.filter(speaker=speakers["okafor"]).exists():
        day = course.starts_on
        while day <= course.ends_on:
            SpeakerAvailability.objects.create(
                speaker=speakers["okafor"],
                starts_at=combine_local(course, day, datetime.time(8)),
                ends_at=combine_local(course, day, datetime.time(18)),
            )
            day += datetime.timedelta(days=1)
    return [("Speaker: sessions, availability, slides", SPEAKER_ACCOUNT, DEMO_PASSWORD)]


def _material(session, speaker, title, kind, visibility):
    if Material.objects.filter(session=session, title=title).exists():
        return
    body = demo_pdf(title)
    material = Material(
        session=session,
        speaker=speaker,
        title=title,
        kind=kind,
        visibility=visibility,
        file_type="pdf",
        original_name=f"{title[:60]}.pdf",
        size=len(body),
    )
    material.file.save("demo.pdf", ContentFile(body), save=False)
    material.save()


def demo_pdf(text):
    """A one-page PDF showing ``text`` (ASCII only), written by hand: no PDF library needed for demo files."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 60 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
