"""The public verification page: name, course, dates and validity of a document; nothing else."""

from django.shortcuts import redirect, render

from course.ratelimit import allow
from logistics.domain.documents import find_document, normalise_code
from logistics.forms import VerifyForm
from logistics.ratelimit import VERIFICATIONS


def _client(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def verify(request):
    """The form; a typed code is sent on to its own URL (the one printed on the document)."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if code:
            return redirect("logistics:verify_code", code=code)
        return render(
            request, "logistics/verify.html", {"form": form, "unknown": form.cleaned_data["code"]}, status=404
        )
    return render(request, "logistics/verify.html", {"form": form})


def verify_code(request, code):
    if not allow(VERIFICATIONS, _client(request)):
        return render(
            request, "logistics/verify.html", {"form": VerifyForm(), "limited": VERIFICATIONS.message}, status=429
        )
    document = find_document(code)
    if document is None:
        return render(
            request, "logistics/verify.html", {"form": VerifyForm(initial={"code": code}), "unknown": code}, status=404
        )
    return render(request, "logistics/verify.html", {"form": VerifyForm(), "document": document})
