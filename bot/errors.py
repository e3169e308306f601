"""recordbot's own exception tree; third-party errors are translated at the adapters.

RecordbotError
├── ConfigError          settings are missing or malformed (start-up)
├── StartupError         the bot cannot start: Slack refuses the token, the task log or the port
├── ResolveError         command text could not be turned into a valid window
├── TaskNotFound         a card or TaskId the user named is not in the log
├── NotAllowed           the user or channel may not do this
├── InvalidState         the task is in a state that forbids the action
└── LiveError            the Live API answered with an error (keeps code and RequestId)
    ├── LiveUnreachable  the request surely never reached the service (safe to retry)
    └── LiveAmbiguous    the request may have reached the service (look before retrying)
"""

from __future__ import annotations


class RecordbotError(Exception):
    """Base of every error recordbot raises on purpose; its message is safe to show users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(RecordbotError):
    """A setting is missing or malformed; the message names the key and the fix."""


class StartupError(RecordbotError):
    """Well-formed settings the bot still cannot start with (Slack refuses the token, the task
    log cannot be opened, the port is taken); the message says which, and what to do."""


class ResolveError(RecordbotError):
    """The command text did not resolve to a window the API accepts.

    `code` is one of: no_stream, unparseable, no_end, end_before_start, too_long, too_far,
    past, bad_input. `lang` is the language the command was written in ("en" or "zh").
    """

    CODES = (
        "no_stream",
        "unparseable",
        "no_end",
        "end_before_start",
        "too_long",
        "too_far",
        "past",
        "bad_input",
    )

    def __init__(self, code: str, message: str, lang: str = "en") -> None:
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.lang = lang


class TaskNotFound(RecordbotError):
    """No task in the log matches the id the user gave."""


class NotAllowed(RecordbotError):
    """Access control refused the action; `admins` are the Slack IDs to ask."""

    def __init__(self, message: str, admins: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.admins = admins


class InvalidState(RecordbotError):
    """The task's status forbids the action (e.g. stopping a cancelled proposal)."""


class StorageError(RecordbotError):
    """The task log cannot be trusted to keep what happens (deleted, replaced, a write failed):
    nothing is sent to Live until it can."""


class LiveError(RecordbotError):
    """The Live API refused a call; `code` is Tencent's error code, `request_id` its RequestId."""

    def __init__(self, code: str, message: str, request_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.request_id = request_id

    def __str__(self) -> str:
        rid = f" (RequestId {self.request_id})" if self.request_id else ""
        return f"{self.code}: {self.message}{rid}"


class LiveUnreachable(LiveError):
    """The request never reached the Live API (refused connection, DNS): retrying is safe."""


class LiveAmbiguous(LiveError):
    """The request was sent but no reply came (timeout, reset): it may have taken effect."""
