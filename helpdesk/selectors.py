"""Reads of the feedback desk: requests, the staff queue and the figures."""

import datetime as dt
import hashlib
import hmac
import re
import secrets
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import Storage
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import BACK_OFFICE_ROLES, user_is_back_office
from core.errors import NotFound
from core.localtime import ALMATY
from helpdesk import conf
from helpdesk.attachments import attachment_storage
from helpdesk.models import (
    OPEN_STATUSES,
    Attachment,
    FeedbackRequest,
    Message,
    RequestSequence,
    Status,
    Topic,
)
from workdays.conf import workday_end
from workdays.selectors import is_working_day, next_working_day

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def user_may_work_desk(user: User | AnonymousUser) -> bool:
    """Operators and administrators read requests and answer them."""
    return user_is_back_office(user)


def desk_staff() -> QuerySet[User]:
    """The people a request may be assigned to."""
    return User.objects.filter(
        is_active=True, is_staff=True, role__in=BACK_OFFICE_ROLES
    ).order_by("email")


def topics_offered() -> list[Topic]:
    return list(Topic.objects.filter(is_active=True))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_by_token(token: str) -> FeedbackRequest:
    """Return the request whose private link carries TOKEN."""
    not_found = NotFound(gettext("There is no request behind this link."))
    if not _TOKEN.match(token):
        raise not_found
    wanted = token_hash(token)
    found = FeedbackRequest.objects.select_related("topic").filter(
        access_token_hash=wanted
    ).first()
    # The lookup goes by an index; the comparison that decides does not
    # leak through its timing how much of a guessed hash was right.
    if found is None or not hmac.compare_digest(found.access_token_hash, wanted):
        raise not_found
    return found


def request_by_number(number: str) -> FeedbackRequest:
    found = (
        FeedbackRequest.objects.select_related("topic", "assignee", "user")
        .filter(number=number)
        .first()
    )
    if found is None:
        raise NotFound(
            gettext("There is no request %(number)s.") % {"number": number}
        )
    return found


@dataclass(frozen=True)
class Correspondence:
    request: FeedbackRequest
    attachments: list[Attachment]  # the files of the request itself
    messages: list[Message]  # later messages, each with its files


def request_correspondence(request: FeedbackRequest) -> Correspondence:
    messages = list(
        request.messages.select_related("author_user").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
        )
    )
    attachments = list(request.attachments.filter(message__isnull=True))
    return Correspondence(request=request, attachments=attachments, messages=messages)


def request_timeline(request: FeedbackRequest) -> QuerySet:
    return request.events.select_related("actor_user")


def attachment_of(request: FeedbackRequest, attachment_id: int) -> Attachment:
    found = request.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise NotFound(gettext("There is no such file in this request."))
    return found


def attachment_for_staff(attachment_id: int) -> Attachment:
    found = (
        Attachment.objects.select_related("request")
        .filter(pk=attachment_id)
        .first()
    )
    if found is None:
        raise NotFound(gettext("There is no such file."))
    return found


def attachment_open(attachment: Attachment) -> IO[bytes]:
    """Open the stored file for reading; NotFound when it went missing."""
    try:
        return attachment_storage().open(attachment.stored_name, "rb")
    except FileNotFoundError:
        raise NotFound(gettext("The file is no longer available.")) from None


def stored_file_checksums() -> Iterator[tuple[Storage, str, str]]:
    """Yield (storage, stored name, SHA-256 recorded at receipt) of every file.

    operations' nightly integrity check looks this selector up by name and
    compares each file with its checksum: attachments are written once, so
    changed bytes mean damage (Rules 4.2), wherever the folder lives.
    """
    storage = attachment_storage()
    rows = Attachment.objects.order_by("pk").values_list("stored_name", "sha256")
    for name, sha256 in rows.iterator():
        yield storage, name, sha256


def number_lookalike(now: dt.datetime | None = None) -> str:
    """A number that looks like the next one, for an answer to a bot."""
    year = (now or timezone.now()).astimezone(ALMATY).year
    last = (
        RequestSequence.objects.filter(year=year)
        .values_list("last", flat=True)
        .first()
    ) or 0
    return f"{year}-{last + 1 + secrets.randbelow(3):06d}"


# Working hours and the queue ---------------------------------------------


def desk_is_working(now: dt.datetime) -> bool:
    """Tell whether NOW is within the administrator's working hours."""
    local = now.astimezone(ALMATY)
    if not is_working_day(local.date()):
        return False
    return conf.workday_start() <= local.time().replace(tzinfo=None) < workday_end()


def due_soon_threshold(now: dt.datetime) -> dt.datetime:
    """Requests due up to this moment are due within one working day.

    That is the end of the next working day after today: on Wednesday a
    request due on Thursday at 18:00 is flagged, on Tuesday it is not.
    """
    today = now.astimezone(ALMATY).date()
    return dt.datetime.combine(next_working_day(today), workday_end(), tzinfo=ALMATY)


@dataclass(frozen=True)
class QueueCounts:
    open: int
    overdue: int
    due_soon: int


def queue_counts(*, now: dt.datetime | None = None) -> QueueCounts:
    now = now or timezone.now()
    waiting = FeedbackRequest.objects.filter(status__in=OPEN_STATUSES)
    return QueueCounts(
        open=waiting.count(),
        overdue=waiting.filter(due_at__lt=now).count(),
        due_soon=waiting.filter(
            due_at__gte=now, due_at__lte=due_soon_threshold(now)
        ).count(),
    )


# Values of the queue's filters besides the statuses and ids.
ANY = ""
ALL_STATUSES = "all"
OTHER_TOPIC = "other"
ASSIGNED_TO_ME = "me"
UNASSIGNED = "none"
DUE_TODAY = "today"
DUE_SOON = "soon"
OVERDUE = "overdue"


def request_queue(
    *,
    user: User,
    status: str = ANY,
    topic: str = ANY,
    assignee: str = ANY,
    due: str = ANY,
    now: dt.datetime | None = None,
) -> QuerySet[FeedbackRequest]:
    """Requests for the staff queue, the most urgent first.

    STATUS "" means the open ones (new and in progress), "all" every one;
    TOPIC "other" those without a topic; ASSIGNEE "me" or "none"; DUE
    "today", "soon" (within one working day) or "overdue".
    """
    now = now or timezone.now()
    requests = FeedbackRequest.objects.select_related("topic", "assignee")

    if status == ANY:
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status != ALL_STATUSES:
        requests = requests.filter(status=status)

    if topic == OTHER_TOPIC:
        requests = requests.filter(topic__isnull=True)
    elif topic:
        requests = requests.filter(topic_id=topic)

    if assignee == ASSIGNED_TO_ME:
        requests = requests.filter(assignee=user)
    elif assignee == UNASSIGNED:
        requests = requests.filter(assignee__isnull=True)
    elif assignee:
        requests = requests.filter(assignee_id=assignee)

    return _filter_due(requests, due, now).order_by("due_at", "id")


def _filter_due(
    requests: QuerySet[FeedbackRequest], due: str, now: dt.datetime
) -> QuerySet[FeedbackRequest]:
    if not due:
        return requests
    waiting = requests.filter(status__in=OPEN_STATUSES)
    if due == OVERDUE:
        return waiting.filter(due_at__lt=now)
    if due == DUE_SOON:
        return waiting.filter(due_at__gte=now, due_at__lte=due_soon_threshold(now))
    today = now.astimezone(ALMATY).date()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=ALMATY)
    return waiting.filter(due_at__gte=start, due_at__lt=start + dt.timedelta(days=1))


# The monthly report --------------------------------------------------------


@dataclass
class ReportRow:
    topic: str
    received: int = 0
    answered_in_time: int = 0
    answered_late: int = 0
    overdue_unanswered: int = 0
    within_term: int = 0
    closed_unanswered: int = 0
    _durations: list[float] = field(default_factory=list, repr=False)

    @property
    def overdue(self) -> int:
        """Requests that missed the term: answered late or not at all."""
        return self.answered_late + self.overdue_unanswered

    @property
    def median_to_answer(self) -> dt.timedelta | None:
        if not self._durations:
            return None
        return dt.timedelta(seconds=statistics.median(self._durations))

    @property
    def median_hours(self) -> float | None:
        median = self.median_to_answer
        return None if median is None else round(median.total_seconds() / 3600, 1)


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    rows: list[ReportRow]
    total: ReportRow


def monthly_report(
    *, year: int, month: int, now: dt.datetime | None = None
) -> MonthlyReport:
    """Count the requests received in a month (Almaty) by topic.

    A request counts as answered in time when its first answer came before
    the term that was running then; one not answered yet is overdue once its
    term has passed (judged at NOW). The median runs from receipt to the
    first answer.
    """
    now = now or timezone.now()
    start = dt.datetime(year, month, 1, tzinfo=ALMATY)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=ALMATY)
    received = (
        FeedbackRequest.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("topic")
        .order_by("topic__position", "topic_id", "id")
    )

    rows: dict[int | None, ReportRow] = {}
    total = ReportRow(topic=gettext("All topics"))
    for request in received:
        row = rows.setdefault(request.topic_id, ReportRow(topic=request.topic_name()))
        for target in (row, total):
            _count(target, request, now)
    ordered = [row for key, row in rows.items() if key is not None]
    if None in rows:
        ordered.append(rows[None])
    return MonthlyReport(year=year, month=month, rows=ordered, total=total)


def _count(row: ReportRow, request: FeedbackRequest, now: dt.datetime) -> None:
    row.received += 1
    if request.first_answered_at is not None:
        if request.answered_in_time:
            row.answered_in_time += 1
        else:
            row.answered_late += 1
        spent = request.first_answered_at - request.received_at
        row._durations.append(spent.total_seconds())
    elif request.due_at < now and request.status in OPEN_STATUSES:
        row.overdue_unanswered += 1
    elif request.status in OPEN_STATUSES:
        row.within_term += 1
    elif request.status == Status.CLOSED:
        # Closed with a reason but no answer: spam, a duplicate.
        row.closed_unanswered += 1

