"""The offline front end: `/record` in a terminal (or from a pipe), over the same use cases."""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.errors import RecordbotError, ResolveError
from bot.i18n import _, lang_of_locale, pick, using
from bot.outcomes import Requester
from bot.series import SeriesRow
from bot.service import RecordService
from bot.tasks import Notice, Status, TaskRow
from bot.timeparse import resolve
from bot.ui.cards import Action, Button, Card, plain_time
from bot.ui.router import handle_action, handle_command, strip_command

# What people typed is shown as typed: `esc` fences it so `plain` leaves it alone.
_TYPED = re.compile("\x02([^\x03]*)\x03")


class PlainFmt:
    """Plain text for terminals: times name their zone; typed text is kept exactly; a file URL
    is printed as it is, with a note when its host is not a trusted one."""

    def __init__(self, file_hosts: Collection[str] = ()) -> None:
        self.file_hosts = frozenset(file_hosts)

    def time(self, ts: int, tz: str) -> str:
        return plain_time(ts, tz)

    def esc(self, text: str) -> str:
        return "\x02" + text.replace("\x02", "").replace("\x03", "") + "\x03"

    def user(self, user_id: str, name: str | None = None) -> str:
        return name or user_id

    def link(self, url: str) -> str:
        return self.esc(url)

    def name(self, user_id: str, name: str | None = None) -> str:
        return name or user_id


def system_zone() -> str:
    """The zone from TZ, else /etc/timezone or /etc/localtime, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
            return name
        except (KeyError, ValueError, OSError):
            continue
    return "UTC"


YES = frozenset(
    {"y", "yes", "yeah", "ok", "sure", "是", "是的", "好", "好的", "确定", "確定", "对", "對"}
)
NO = frozenset({"n", "no", "nope", "cancel", "keep", "否", "不", "不要", "不是", "取消"})

EMOJI = re.compile(r":[a-z][a-z0-9_+-]*: ?")  # Slack's emoji codes mean nothing in a terminal


def plain(text: str) -> str:
    """Our Slack-flavoured text for a terminal: emoji codes and bold markers go, but what
    people typed (fenced by `PlainFmt.esc`) stays as typed."""
    pieces = _TYPED.split(text)  # even: our text; odd: typed text
    return "".join(
        piece if i % 2 else EMOJI.sub("", piece.replace("*", "")) for i, piece in enumerate(pieces)
    )


def render(card: Card) -> str:
    """A card as text, buttons numbered in their fixed order."""
    out = [plain(card.title)]
    out += [f"  {plain(line)}" for line in card.lines]
    out += [f"  ({plain(c)})" for c in card.context]
    if card.buttons:
        out.append(
            "  " + "  ".join(f"[{i}] {plain(b.label)}" for i, b in enumerate(card.buttons, 1))
        )
    return "\n".join(out)


class Console:
    """The shell's output: a prompt waiting for input is ended with a newline before anything
    else is printed, so a notice arriving while the shell waits starts on a line of its own."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.prompting = False

    def prompt(self, text: str = "> ") -> None:
        self.out.write(text)
        self.out.flush()
        self.prompting = True

    def write(self, text: str) -> int:
        if self.prompting and text:
            self.out.write("\n")
            self.prompting = False
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


class ShellNotifier:
    """Channel notices, printed as `[notice] …`."""

    def __init__(
        self,
        out: TextIO | Console,
        simulated: bool,
        file_hosts: Collection[str] = (),
        lang: str = "en",
    ) -> None:
        self.out = out
        self.simulated = simulated
        self.fmt = PlainFmt(file_hosts)
        self.lang = lang  # RECORDBOT_LANG, or the shell's --lang

    def _say(self, text: str) -> None:
        print(f"[notice] {plain(text)}", file=self.out, flush=True)

    def notify(self, notice: Notice) -> None:
        from bot.ui.notices import notice_text

        with using(self.lang):
            self._say(notice_text(self.fmt, notice, simulated=self.simulated))

    def series_changed(self, series: SeriesRow) -> None:
        from bot.ui.series import series_parent_text

        with using(self.lang):
            self._say(series_parent_text(self.fmt, series, simulated=self.simulated))


class Shell:
    """Reads lines, prints cards; a number or a button label presses a button on the latest card."""

    def __init__(
        self,
        service: RecordService,
        tz: str,
        user: str,
        out: TextIO | Console,
        banner: str = "",
        before_line: Callable[[], object] | None = None,
        idle: Callable[[], object] | None = None,
        idle_interval: float = 0.5,
        file_hosts: Collection[str] = (),
        lang: str | None = None,
    ) -> None:
        self.service = service
        self.console = out if isinstance(out, Console) else Console(out)
        self.out = self.console
        self.before_line = before_line  # the scheduler's tick: due notices print first
        # While waiting for a line, `idle` (the same tick) runs every `idle_interval` seconds,
        # so a recording's start, end and files show as they happen, not at the next line.
        self.idle = idle
        self.idle_interval = idle_interval
        self.fmt = PlainFmt(file_hosts)
        # --lang stands in for a Slack locale: what is typed in Chinese is answered in its
        # script, English in English, and the rest (a button's number, `/record`) in --lang.
        self.who = Requester(user_id=user, user_name=user, channel="shell", tz=tz, locale=lang)
        # the shell's own words: the language of the last command typed (a button's number or
        # `yes` keeps it), at first --lang's
        self.lang = lang_of_locale(lang)
        self.banner = banner
        self.card: Card | None = None
        self.editing: TaskRow | None = None
        self.confirming: Button | None = None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def show(self, card: Card) -> None:
        self.card = card
        self.say(render(card))
        if card.attachment is not None:  # `/record export`: a file in the working directory
            name, text = card.attachment
            Path(name).write_text(text, encoding="utf-8")
            self.say("  " + _("Saved to {path}").format(path=Path(name).resolve()))

    def run(self, inp: TextIO, interactive: bool) -> int:
        with using(self.lang):
            self.say(
                self.banner
                or _(
                    "recordbot shell: times are read in {zone}. Type /record help; end of input "
                    "quits."
                ).format(zone=self.who.tz)
            )
        lines = self._reader(inp) if self.idle is not None else None
        while True:
            if interactive:
                self.console.prompt()
            line = inp.readline() if lines is None else self._wait(lines, interactive)
            if not line:
                return 0
            if self.before_line is not None:
                self.before_line()
            self.handle(line.strip())

    @staticmethod
    def _reader(inp: TextIO) -> queue.Queue[str]:
        """Lines of `inp`, read in a thread so the shell can tick while it waits ('' = the end)."""
        lines: queue.Queue[str] = queue.Queue()

        def read() -> None:
            try:
                while line := inp.readline():
                    lines.put(line)
            except (OSError, ValueError):
                pass
            finally:
                lines.put("")

        threading.Thread(target=read, name="shell-input", daemon=True).start()
        return lines

    def _wait(self, lines: queue.Queue[str], interactive: bool) -> str:
        """The next line; meanwhile `idle` runs every `idle_interval` seconds."""
        assert self.idle is not None
        while True:
            try:
                return lines.get(timeout=self.idle_interval)
            except queue.Empty:
                self.idle()
                if interactive and not self.console.prompting:
                    self.console.prompt()  # a notice ended the prompt's line: show it again

    def handle(self, line: str) -> None:
        if not line:
            return
        if line.startswith("/"):  # a button's number, `yes` or `是` keep the card's language
            self.lang = pick(strip_command(line), self.who.locale)
        with using(self.lang):
            self._handle(line)

    def _handle(self, line: str) -> None:
        if self.editing is not None:
            row, self.editing = self.editing, None
            self._edit(row, line)
            return
        if self.confirming is not None:  # the answer to a button's "are you sure?"
            button = self.confirming
            answer = line.lower().rstrip(".!。！")
            if answer in YES or (button.confirm and answer == button.confirm.yes.lower()):
                self.confirming = None
                self._press(button)
            elif answer in NO or line.startswith("/"):
                self.confirming = None
                self.say(_("Kept: nothing was changed."))
                if line.startswith("/"):
                    self.handle(line)
            else:
                self.say(
                    _("Please answer yes or no (是/否): {question} [yes/no]").format(
                        question=button.confirm.title
                    )
                )
            return
        if line.lower() in ("quit", "exit", "q"):
            raise SystemExit(0)
        if line.startswith("/"):
            if not line.lower().startswith("/record"):
                self.say(
                    _(
                        "Unknown command {command}: only /record is known here. Try /record help."
                    ).format(command=line.split()[0])
                )
                return
            self.show(handle_command(self.service, self.who, line, self.fmt))
            return
        button = self._button(line)
        if button is None:
            if self.card and self.card.buttons:
                labels = _(", ").join(
                    _("{number} or {label}").format(number=i, label=repr(b.label))
                    for i, b in enumerate(self.card.buttons, 1)
                )
                self.say(
                    _(
                        "No button {line} on the latest card; press {labels}, or type a /record "
                        "command."
                    ).format(line=repr(line), labels=labels)
                )
            else:
                self.say(_("Type a /record command (try /record help)."))
            return
        if button.action == Action.EDIT:
            row = self.service.store.get(button.value)
            if row is None or row.status != Status.PROPOSED:
                self.say(_("This card can no longer be edited. Run the command again."))
                return
            self.editing = row
            self.say(
                _("New time for {stream} (e.g. `tomorrow 9am to 11am`):").format(
                    stream=row.full_stream
                )
            )
            return
        if button.confirm is not None:  # Slack shows this dialog before the button fires
            self.confirming = button
            self.say(
                _("{question} {text} [yes/no]").format(
                    question=button.confirm.title, text=plain(button.confirm.text)
                )
            )
            return
        self._press(button)

    def _press(self, button: Button) -> None:
        card = handle_action(
            self.service,
            button.action,
            button.value,
            self.who.user_id,
            self.who.channel,
            self.fmt,
            self.who.locale,
        )
        self.show(card)

    def _button(self, text: str) -> Button | None:
        if not self.card or not self.card.buttons:
            return None
        if text.isdigit() and 1 <= int(text) <= len(self.card.buttons):
            return self.card.buttons[int(text) - 1]
        word = text.lower()
        for b in self.card.buttons:
            if b.label.lower() == word:
                return b
        # `confirm` presses "Confirm all 2" when no button is called just that
        starting = [b for b in self.card.buttons if b.label.lower().startswith(word + " ")]
        return starting[0] if len(starting) == 1 else None

    def _edit(self, row: TaskRow, when: str) -> None:
        now = datetime.fromtimestamp(int(self.service.clock()), UTC)
        try:
            res = resolve(f"{row.full_stream} {when}", now, self.who.tz)
            from bot.ui.cards import proposal_card

            self.show(proposal_card(self.fmt, self.service.replace_proposal(row.id, self.who, res)))
        except ResolveError as exc:
            self.say(_("Could not use that time: {reason}").format(reason=exc.message))
            self.editing = row
            self.say(_("New time for {stream}:").format(stream=row.full_stream))
        except RecordbotError as exc:
            self.say(exc.message)


def run_shell(
    service: RecordService,
    tz: str,
    user: str,
    inp: TextIO = sys.stdin,
    out: TextIO | Console = sys.stdout,
    banner: str = "",
    interactive: Callable[[], bool] | None = None,
    before_line: Callable[[], object] | None = None,
    idle: Callable[[], object] | None = None,
    idle_interval: float = 0.5,
    file_hosts: Collection[str] = (),
    lang: str | None = None,
) -> int:
    shell = Shell(
        service, tz, user, out, banner, before_line, idle, idle_interval, file_hosts, lang
    )
    try:
        return shell.run(inp, (interactive or inp.isatty)())
    except KeyboardInterrupt:
        out.write("\n")
        return 0
