"""The three roles of the newsroom and what each may do.

Viewers read. Editors also work on claims: mark, attribute, annotate, rate,
link, file under questions; they may create a source on the spot and bring
in articles. Curators also keep the sources, the outlets' domains and feeds,
and the rating scale.
"""

VIEWERS = "Viewers"
EDITORS = "Editors"
CURATORS = "Curators"

_CLAIM_WORK = {
    "claim", "attribution", "conduit", "quantity", "question", "link", "note",
    "verdict", "evidence", "conflict", "dismissedsuggestion",
}  # fmt: skip
# Publications are read by everyone and written only by the publishing services.
_READ = _CLAIM_WORK | {
    "article", "source", "sourcealias", "rating", "articlerevision", "publication",
    "feed", "outletdomain",
}  # fmt: skip
# What curators keep besides the sources: which domains and feeds are an outlet's.
_OUTLET_KEEPING = {"feed", "outletdomain"}


def _perms(actions: set[str], models: set[str]) -> set[str]:
    return {f"{action}_{model}" for action in actions for model in models}


ROLE_PERMISSIONS: dict[str, set[str]] = {
    VIEWERS: _perms({"view"}, _READ),
    EDITORS: (
        _perms({"view"}, _READ)
        | _perms({"add", "change", "delete"}, _CLAIM_WORK)
        | _perms({"add"}, {"source", "sourcealias"})
        | _perms({"add", "change"}, {"article"})
        | _perms({"add"}, {"articlerevision"})
    ),
    CURATORS: (
        _perms({"view"}, _READ)
        | _perms({"add", "change", "delete"}, _CLAIM_WORK)
        | _perms({"add", "change", "delete"}, {"source", "sourcealias", "article", "rating"})
        | _perms({"add", "change", "delete"}, _OUTLET_KEEPING)
        | _perms({"add"}, {"articlerevision"})
        | {"restore_claim", "moderate_note"}
    ),
}


def sync_roles(apps) -> None:
    """Create the groups and give each exactly its permissions.

    Takes an app registry so that a migration can pass its historical one.
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; the groups need them now.
    # create_permissions skips app configs without a models module, which is
    # how a migration's historical registry looks; lend it one for the call.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A migration's registry holds the models as they were then: give each
    # role what it may do with those, so that older migrations still run.
    claims_models = list(apps.get_app_config("claims").get_models())
    existing = {model._meta.model_name for model in claims_models}
    declared = {codename for model in claims_models for codename, _ in model._meta.permissions}
    for name, wanted in ROLE_PERMISSIONS.items():
        codenames = {
            codename
            for codename in wanted
            if codename.split("_", 1)[1] in existing or codename in declared
        }
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        found = set(permissions.values_list("codename", flat=True))
        missing = codenames - found
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
