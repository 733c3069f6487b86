"""Which reports on a board are late: their period has locked (and not reopened)
and the school has not sent them (chưa bắt đầu, chưa gửi). A rejected report was
sent in time; its resending is the chain's business, not lateness."""

from dataclasses import dataclass
from datetime import date

from smasweb import clock
from smasweb.services.calendar import windows

LATE = ("not_started", "draft")


@dataclass(frozen=True)
class Lateness:
    locked_on: date
    counts: dict[str, int]  # late reports by status

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def is_late(self, status: str) -> bool:
        return status in LATE


def for_board(board) -> Lateness | None:
    """The board's late reports, or None while its period is not locked."""
    period = board.period
    if windows.state(period) != "locked":
        return None
    if period.locked_at is not None:
        locked_on = clock.local(period.locked_at).date()
    else:  # the lock day has come, the lock job not yet run
        locked_on = period.locks_on
    return Lateness(locked_on, {s: board.counts[s] for s in LATE})
