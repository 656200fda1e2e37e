from .permissions import is_facilitator, is_reviewer


def roles(request):
    user = getattr(request, "user", None)
    return {
        "user_is_facilitator": is_facilitator(user) if user else False,
        "user_is_reviewer": is_reviewer(user) if user else False,
    }
