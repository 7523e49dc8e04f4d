"""Sign-in throttling for one account, whatever address the guesses come from.

django-axes locks out a user name from one address after AXES_FAILURE_LIMIT
failures. Someone with many addresses could still guess at one account freely,
a few tries from each. So failures on an account from all addresses together
count too: past ACCOUNT_FAILURE_LIMIT of them, the account pauses sign-ins for a
minute after its latest failure, twice as long for every further
ACCOUNT_FAILURE_STEP failures, never more than ACCOUNT_MAX_PAUSE.

The trade-off: during a pause even the right password waits, from any address,
or the pause would stop nothing (a guesser with fresh addresses would simply
try the right password among the wrong ones). A pause is short and grows only
with more failures, so guessing slows to a handful of tries per pause while the
account's owner waits minutes, not hours; refused tries during a pause are not
counted, so they do not lengthen it. A curator can end one at once with
`python manage.py axes_reset_username NAME`.
"""

import datetime as dt
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

FIRST_PAUSE = dt.timedelta(minutes=1)


def account_pause(username: str | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long sign-ins to this account are still paused, or None."""
    if not username:
        return None
    now = now or timezone.now()
    window = now - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    seen = AccessAttempt.objects.filter(username=username, attempt_time__gte=window).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures = seen["failures"] or 0
    limit = settings.ACCOUNT_FAILURE_LIMIT
    if failures < limit:
        return None
    pause = min(
        FIRST_PAUSE * 2 ** ((failures - limit) // settings.ACCOUNT_FAILURE_STEP),
        settings.ACCOUNT_MAX_PAUSE,
    )
    left = seen["last"] + pause - now
    return left if left > dt.timedelta(0) else None


class AccountThrottleHandler(AxesDatabaseHandler):
    """axes' own lockout, and the account's pause on top."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        pause = account_pause(get_client_username(request, credentials))
        if pause is not None:
            request.account_pause_minutes = -(-int(pause.total_seconds()) // 60)
            return True
        return False


def client_address(request) -> str:
    """The address a request came from, for counting failures.

    Without proxies (TRUSTED_PROXIES = 0) it is the connection's address: an
    X-Forwarded-For header is then the client's own word, and believing it would
    let one machine pass for any number. Behind N proxies, each appending the
    address it was reached from, the client is the N-th address from the right.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if len(chain) < proxies:
        return remote  # fewer hops than proxies: not through them, trust nothing
    candidate = chain[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
