"""Start-up checks: what the app needs installed, named before anyone needs it."""

from django.core import checks

from claims.domain.extraction import pipeline


@checks.register()
def language_model(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The assistant's language model is installed and is the one the code was written for."""
    problem = pipeline.problem()
    if not problem:
        return []
    return [
        checks.Error(
            problem,
            hint="Suggestions need it; run make setup or pip install -r requirements.txt.",
            id="claims.E001",
        )
    ]
