from django.http import HttpRequest

from claims import roles


def user_role(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's role, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_superuser:
        return {"user_role": "Administrator"}
    names = {group.name for group in user.groups.all()}
    for group, label in (
        (roles.CURATORS, "Curator"),
        (roles.EDITORS, "Editor"),
        (roles.VIEWERS, "Viewer"),
    ):
        if group in names:
            return {"user_role": label}
    return {"user_role": "No role"}
