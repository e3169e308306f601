"""Composition root: the one place that builds every part from one validated Settings."""

from __future__ import annotations

import logging
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from bot.access import Access
from bot.config import DEFAULT_ENDPOINT, SIM_ENDPOINT, Settings, is_loopback_host
from bot.errors import StartupError
from bot.outcomes import Defaults
from bot.service import Notifier, NullNotifier, RecordService
from bot.store import TaskStore
from bot.ttl import Expiring

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.lifecycle import Scheduler
    from bot.live.api import LiveApi
    from bot.live.callbacks import CallbackHandler
    from bot.live.receiver import CallbackListener
    from bot.live.sim import LiveSimulator
    from bot.slack.server import Limits, RecordbotHTTPServer

log = logging.getLogger("recordbot")

SHELL_TICK = 0.5  # seconds: how often the shell looks for notices, and its simulator for callbacks


@dataclass
class LiveBackend:
    """The Live API client in use, and the in-process simulator behind it if there is one."""

    client: LiveApi
    simulated: bool
    simulator: LiveSimulator | None = None
    endpoint: str = ""

    def close(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()


def make_live(
    settings: Settings,
    *,
    callback_url: str | None = None,
    callback_key: str | None = None,
    tick_interval: float = 1.0,
) -> LiveBackend:
    """Real Live with credentials; otherwise the simulator (in-process, or one on loopback).

    An in-process simulator sends Live's callbacks to `callback_url` (signed with
    `callback_key`), checking for due ones every `tick_interval` seconds."""
    from bot.live.client import SdkLiveClient
    from bot.live.sim import SIM_SECRET_ID, SIM_SECRET_KEY, LiveSimulator

    if not settings.simulated:
        client = SdkLiveClient(
            secret_id=settings.secret_id,
            secret_key=settings.secret_key,
            region=settings.region,
            endpoint=settings.live_endpoint,
        )
        return LiveBackend(client, simulated=False, endpoint=settings.live_endpoint)
    endpoint = settings.live_endpoint
    if _loopback_simulator(settings):
        client = SdkLiveClient(
            secret_id=SIM_SECRET_ID,
            secret_key=SIM_SECRET_KEY,
            region=settings.region,
            endpoint=endpoint,
        )
        return LiveBackend(client, simulated=True, endpoint=endpoint)
    simulator = LiveSimulator(
        callback_url=callback_url, callback_key=callback_key, tick_interval=tick_interval
    )
    url = simulator.start()
    client = SdkLiveClient(
        secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY, region=settings.region, endpoint=url
    )
    return LiveBackend(client, simulated=True, simulator=simulator, endpoint=url)


def make_service(
    settings: Settings,
    store: TaskStore,
    backend: LiveBackend,
    notifier: Notifier | None = None,
    clock: Callable[[], float] = time.time,
) -> RecordService:
    defaults = Defaults(
        domain=settings.domain if (backend.simulated or settings.record_domain) else None,
        app=settings.record_app,
        template_id=settings.template_id,
        simulated=backend.simulated,
    )
    access = Access(settings.allowed_users, settings.allowed_channels, admins=settings.admins)
    return RecordService(
        store,
        backend.client,
        defaults,
        notifier or NullNotifier(),
        access,
        clock,
        create_patience=settings.create_patience,
    )


def run_shell(
    settings: Settings,
    tz: str,
    user: str,
    inp: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    lang: str | None = None,
) -> int:
    """The offline shell; `lang` (the shell's --lang, else RECORDBOT_LANG) is the language of
    its notices and of what typed text does not decide."""
    lang = lang or settings.lang
    from bot.lifecycle import Scheduler
    from bot.live.callbacks import CallbackHandler
    from bot.live.receiver import CallbackListener
    from bot.ui.shell import Console, ShellNotifier
    from bot.ui.shell import run_shell as shell_loop

    store = TaskStore(settings.db_path)
    listener: CallbackListener | None = None
    backend: LiveBackend | None = None
    try:
        # Live's callbacks come back to a loopback listener (the simulator POSTs them there) and
        # queue their notices in the task log; the shell prints them on its own thread.
        in_process = settings.simulated and not _loopback_simulator(settings)
        key = settings.callback_key or (secrets.token_urlsafe(16) if in_process else None)
        if in_process or settings.callback_port:
            listener = CallbackListener(
                CallbackHandler(store, key, flush=None), port=settings.callback_port or 0
            )
            listener.start()
        backend = make_live(
            settings,
            callback_url=listener.url if (in_process and listener) else None,
            callback_key=key,
            tick_interval=SHELL_TICK,
        )
        console = Console(out)
        notifier = ShellNotifier(console, backend.simulated, settings.file_hosts, lang)
        service = make_service(settings, store, backend, notifier)
        scheduler = Scheduler(
            store,
            notifier,
            settle=service.settle_pending,
            stops=service.stop_due,
            bookings=service.bookings_due,
        )
        where = (
            f"the Live API simulator at {backend.endpoint}"
            if backend.simulated
            else f"Tencent Cloud Live at {backend.endpoint}"
        )
        if listener is not None:
            where += f" (Live's callbacks to {listener.url})"
        banner = f"recordbot shell: times are read in {tz}; user {user}; tasks go to {where}; log {settings.db_path}.\nType /record help. End of input quits."
        # One thread prints: due notices and those callbacks queued print before each line is
        # handled, and every SHELL_TICK seconds while the shell waits for one.
        return shell_loop(
            service,
            tz,
            user,
            inp,
            console,
            banner,
            before_line=scheduler.tick,
            idle=scheduler.tick,
            idle_interval=SHELL_TICK,
            file_hosts=settings.file_hosts,
            lang=lang,
        )
    finally:
        if backend is not None:
            backend.close()
        if listener is not None:
            listener.close()
        store.close()


def _loopback_simulator(settings: Settings) -> bool:
    """Does the simulated backend use a simulator already running on loopback (`recordbot
    sim`), rather than one in this process?"""
    endpoint = settings.live_endpoint
    return endpoint not in (SIM_ENDPOINT, DEFAULT_ENDPOINT) and is_loopback_host(
        urlsplit(endpoint).hostname or ""
    )


@dataclass
class SlackBot:
    """Everything the Slack front end runs on."""

    app: App
    service: RecordService
    store: TaskStore
    backend: LiveBackend
    executor: ThreadPoolExecutor
    scheduler: Scheduler | None = None  # due start/end notices; started by run_http/run_socket
    callbacks: CallbackHandler | None = None  # the /live/callback route
    urgent: ThreadPoolExecutor | None = None  # dialogs that must open within Slack's 3 s

    def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        # Drain in-flight confirms before the log and the Live client go away.
        self.executor.shutdown(wait=True)
        if self.urgent is not None:
            self.urgent.shutdown(wait=True)
        if self.scheduler is not None:
            # Their notices too, while Slack takes them; what it refuses waits in the log for
            # the next start.
            try:
                self.scheduler.drain(budget=5.0)
            except Exception:
                log.exception("could not send the outbox before stopping")
        self.store.close()
        self.backend.close()


def build_slack(settings: Settings, mode: str, clock: Callable[[], float] = time.time) -> SlackBot:
    """Build the Bolt app with its listeners (mode "http" or "socket"). `clock` drives the
    use cases, notices and callbacks (tests move it; the Slack and Live clients keep theirs)."""
    from slack_bolt import App
    from slack_sdk import WebClient
    from slack_sdk.http_retry import RateLimitErrorRetryHandler, default_retry_handlers

    from bot.lifecycle import Notifiers, Scheduler
    from bot.live.callbacks import CallbackHandler, match_kept
    from bot.slack import home
    from bot.slack.blocks import SlackFmt
    from bot.slack.deps import Deps
    from bot.slack.listeners import RefuseMalformed, register_listeners
    from bot.slack.notifier import SlackNotifier
    from bot.slack.users import UserZones, group_members

    settings.require_slack(mode)
    # Requests someone is waiting on (users.info, views.*) wait out one 429 in the worker thread,
    # as slack_sdk's RateLimitErrorRetryHandler does; the outbox's client leaves every retry to
    # the outbox, which keeps Retry-After in the task log (bot/slack/notifier.py).
    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[*default_retry_handlers(), RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    outbox_client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[],
    )
    backend = make_live(settings)
    try:
        store = open_task_log(settings.db_path, clock)
    except StartupError:
        backend.close()
        raise
    executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="recordbot-work")
    users = UserZones(client)
    home_tab = home.HomeTab(
        client, store, executor, simulated=backend.simulated, clock=clock, locale_of=users.locale
    )
    names = lambda user: users.get(user)[2]  # noqa: E731
    thread = SlackNotifier(
        outbox_client,
        store,
        settings.record_channel,
        backend.simulated,
        clock,
        names,
        file_hosts=settings.file_hosts,
        lang=settings.lang,
        locale_of=users.locale,
    )
    notifier = Notifiers(thread, home_tab)
    service = make_service(settings, store, backend, notifier, clock)
    if settings.allowed_group:
        service.access.group_members = group_members(client, settings.allowed_group)

    def look_on_live() -> None:
        service.import_external()
        match_kept(store, clock)  # callbacks kept for tasks found just now

    # tasks made outside recordbot are looked up once the scheduler runs, off the start-up path
    scheduler = Scheduler(
        store,
        notifier,
        sender=thread,
        clock=clock,
        on_start=look_on_live,
        settle=service.settle_pending,
        stops=service.stop_due,
        bookings=service.bookings_due,
    )
    thread.wake = scheduler.wake  # a queued message is sent now, not at the next tick
    callbacks = CallbackHandler(store, settings.callback_key, clock=clock, flush=scheduler.flush)
    try:  # App() asks Slack's auth.test about the token
        app = App(
            signing_secret=settings.slack_signing_secret or "unused-in-socket-mode",
            client=client,
            # Listeners ack inline and hand slow work to our executor: a ~1 ms ack.
            process_before_response=True,
            logger=logging.getLogger("recordbot.bolt"),
            # right after the signature check: Bolt's own middleware indexes into the payload too
            before_authorize=RefuseMalformed(),
        )
    except Exception as exc:
        executor.shutdown(wait=False)
        store.close()
        backend.close()
        error = slack_startup_error(exc, settings.slack_api_url)
        if error is exc:
            raise
        raise error from None
    urgent = ThreadPoolExecutor(max_workers=2, thread_name_prefix="recordbot-urgent")
    deps = Deps(
        service,
        client,
        users,
        executor,
        fmt=SlackFmt(settings.file_hosts, names),
        urgent=urgent,
        personal=thread.personal,
    )
    home.register(app, deps, home_tab)  # before the card buttons: Home's Stop answers on Home
    register_listeners(app, deps)
    settled = service.reconcile()
    if settled:
        log.info("reconciled %d pending task(s) left by an earlier run", len(settled))
    return SlackBot(
        app,
        service,
        store,
        backend,
        executor,
        scheduler=scheduler,
        callbacks=callbacks,
        urgent=urgent,
    )


class HealthCheck:
    """Is the task log readable and the Live API answering? Live is asked at most every
    `ttl` seconds (a cheap DescribeRecordTask), so probes cannot eat into the rate limit."""

    def __init__(
        self,
        store: TaskStore,
        live: LiveApi,
        ttl: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.live = live
        self._live_state = Expiring(self._ask_live, ttl, clock)
        self._integrity = Expiring(store.quick_check, 300.0, clock)

    def task_log(self) -> str:
        """The log is readable, still the file it was opened as, writable, and (checked every
        few minutes: it reads the whole file) consistent."""
        from bot.errors import StorageError

        try:
            self.store.ping()
            self.store.check_file()
            integrity = self._integrity.get()
        except StorageError as exc:
            return f"error: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - health reports any failure
            return f"error: {type(exc).__name__}"
        return "ok" if integrity == "ok" else f"error: quick_check: {integrity}"

    def live_api(self) -> str:
        return self._live_state.get()

    def _ask_live(self) -> str:
        from bot.errors import LiveError

        now = int(time.time())
        try:
            self.live.describe_record_tasks(start=now - 3600, end=now, stream="recordbot-healthz")
            return "ok"
        except LiveError as exc:
            return f"error: {exc.code}"
        except Exception as exc:  # noqa: BLE001 - health reports any failure
            return f"error: {type(exc).__name__}"

    def report(self) -> tuple[int, dict[str, object]]:
        task_log, live_api = self.task_log(), self.live_api()
        ok = task_log == "ok" and live_api == "ok"
        return (200 if ok else 503), {"ok": ok, "task_log": task_log, "live_api": live_api}


def open_task_log(path: str, clock: Callable[[], float] = time.time) -> TaskStore:
    """The task log, or a StartupError naming RECORDBOT_DB if it cannot be opened."""
    import sqlite3

    try:
        return TaskStore(path, clock=clock)
    except (sqlite3.Error, OSError) as exc:
        raise StartupError(
            f"cannot open the task log {path!r} (RECORDBOT_DB): {exc}. Point RECORDBOT_DB at a "
            "SQLite file in a directory this user can write to."
        ) from None


TOKEN_REFUSALS = (
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
)


def slack_startup_error(exc: Exception, api_url: str) -> Exception:
    """Bolt's App() failing on auth.test, as a StartupError that says what to do (never the
    token); anything else is returned as it is."""
    from slack_sdk.errors import SlackApiError

    cause = exc if isinstance(exc, SlackApiError) else exc.__context__
    if isinstance(cause, SlackApiError):
        code = cause.response.get("error") if cause.response is not None else None
        if code in TOKEN_REFUSALS:
            return StartupError(
                f"Slack refused SLACK_BOT_TOKEN (auth.test answered {code}): copy the Bot User "
                "OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page, and "
                "reinstall the app if it was revoked."
            )
        return StartupError(f"Slack's auth.test failed ({code or 'no answer'}) at {api_url}.")
    if isinstance(exc, OSError):  # urllib's URLError included: Slack could not be reached
        reason = getattr(exc, "reason", None) or exc
        return StartupError(
            f"could not reach Slack at {api_url} to check SLACK_BOT_TOKEN ({reason}); check "
            "the network, a proxy, and SLACK_API_URL."
        )
    return exc


def listen(
    host: str,
    port: int,
    app: App | None,
    routes: dict[tuple[str, str], object],
    what: str,
    limits: Limits | None = None,
) -> RecordbotHTTPServer:
    """A bound RecordbotHTTPServer, or a StartupError naming `what` sets the port."""
    import errno

    from bot.slack.server import RecordbotHTTPServer

    try:
        return RecordbotHTTPServer((host, port), app, routes, limits)  # type: ignore[arg-type]
    except (OSError, OverflowError, ValueError) as exc:
        code = getattr(exc, "errno", None)
        if code == errno.EADDRINUSE:
            why = "is already in use: stop what is listening there, or choose another port"
        elif code == errno.EACCES:
            why = "needs privileges this user lacks: choose a port above 1023"
        else:
            why = f"cannot be listened on ({getattr(exc, 'strerror', None) or exc})"
        raise StartupError(f"port {port} on {host} ({what}) {why}.") from None


def http_routes(bot: SlackBot) -> dict[tuple[str, str], object]:
    import json

    health = HealthCheck(bot.store, bot.backend.client)

    def healthz(body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        status, report = health.report()
        report["simulated"] = bot.backend.simulated
        return status, "application/json", json.dumps(report).encode()

    routes: dict[tuple[str, str], object] = {("GET", "/healthz"): healthz}
    if bot.callbacks is not None:
        routes[("POST", "/live/callback")] = bot.callbacks
    return routes


def make_http_server(
    bot: SlackBot, port: int, host: str = "0.0.0.0", limits: Limits | None = None
) -> RecordbotHTTPServer:
    return listen(host, port, bot.app, http_routes(bot), "PORT or --port", limits)


def _stop_on_signals(stop: threading.Event) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())


def run_http(settings: Settings, port: int, host: str = "0.0.0.0") -> int:
    bot = build_slack(settings, "http")
    try:
        server = make_http_server(bot, port, host)
    except StartupError:
        bot.close()
        raise
    stop = threading.Event()
    _stop_on_signals(stop)
    server.start_background()
    if bot.scheduler is not None:
        bot.scheduler.start()
    sim = " against the Live API SIMULATOR" if bot.backend.simulated else ""
    print(f"recordbot listening on {server.url}/slack/events{sim}", flush=True)
    stop.wait()
    log.info("stopping: finishing in-flight requests")
    server.shutdown()  # stops accepting, lets requests under way finish, closes connections
    server.server_close()
    bot.close()
    return 0


def run_socket(settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    bot = build_slack(settings, "socket")
    handler = SocketModeHandler(bot.app, settings.slack_app_token, web_client=bot.app.client)
    stop = threading.Event()
    _stop_on_signals(stop)
    handler.connect()
    if bot.scheduler is not None:
        bot.scheduler.start()
    try:
        listener = start_callback_listener(bot, settings.callback_port)
    except StartupError:
        handler.close()
        bot.close()
        raise
    sim = " against the Live API SIMULATOR" if bot.backend.simulated else ""
    print(f"recordbot connected to Slack in Socket Mode{sim}", flush=True)
    stop.wait()
    handler.close()
    if listener is not None:
        listener.shutdown()
        listener.server_close()
    bot.close()
    return 0


def start_callback_listener(
    bot: SlackBot, port: int | None, host: str = "0.0.0.0"
) -> RecordbotHTTPServer | None:
    """Socket Mode has no HTTP server: serve `/live/callback` alone on CALLBACK_PORT, if set
    (never `/slack/events`, whose signing secret is unused in Socket Mode)."""
    if not port or bot.callbacks is None:
        if bot.callbacks is not None:
            log.info("CALLBACK_PORT is not set: Live recording callbacks are not received")
        return None
    server = listen(host, port, None, {("POST", "/live/callback"): bot.callbacks}, "CALLBACK_PORT")
    server.start_background()
    print(f"recordbot receiving Live callbacks on {server.url}/live/callback", flush=True)
    return server
