"""The Workflow Builder step `schedule_recording` (a custom function, `function_executed`).

Inputs: `stream` and `when` (the slash command's STREAM and WHEN), `channel` (optional: where the
recording's notices go) and `user` (a user_context, which Workflow Builder fills with the person
who ran the workflow; optional). No card: the workflow's author confirmed it, so the step proposes
and confirms at once, as that person, under the same access rules. It completes with
`functions.completeSuccess` (outputs `task_id`, `start`, `end`) or `functions.completeError` with
the message a card would show, as plain text.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_bolt import App, Complete, Fail
from slack_sdk.errors import SlackApiError

from bot.errors import RecordbotError, ResolveError
from bot.i18n import N_, _, pick, using
from bot.outcomes import Outcome, Requester, SeriesProposal
from bot.slack.dedupe import delivery_key
from bot.slack.deps import Deps
from bot.ui.cards import Card, group_outcome_card, message_card, outcome_card
from bot.ui.router import known_error_card
from bot.ui.series import series_outcome_card
from bot.ui.shell import PlainFmt, plain

log = logging.getLogger("recordbot.slack")

FUNCTION = "schedule_recording"  # the custom function's callback_id (manifest.yml)
MAX_ERROR = 2000
# Who a run without a person (a scheduled workflow) acts as, in the task log and the audit: not
# a Slack ID, so notices name it "Workflow Builder".
NO_USER = "workflow"
NO_PERSON = N_(
    "This step ran without a person to act for (the workflow did not start from a click, a "
    "link or a shortcut), and recordbot only lets the people on its list record. Start the "
    "workflow from a link, a shortcut or a button, or ask your recordbot admin."
)


def card_text(card: Card) -> str:
    """A card's message as plain text (no buttons): what completeError says."""
    lines = [plain(card.title), *(plain(line) for line in card.lines)]
    lines += [plain(c) for c in card.context]
    text = "\n".join(line for line in lines if line.strip())
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"


def _input(inputs: dict[str, Any], name: str) -> str:
    value = inputs.get(name)
    return value.strip() if isinstance(value, str) else ""


def schedule(deps: Deps, inputs: dict[str, Any]) -> tuple[list[Outcome], Card | None]:
    """Propose and confirm what the inputs ask for: the outcomes, or the card that refuses."""
    fmt = PlainFmt(deps.fmt.file_hosts)
    service = deps.service
    stream, when, channel = (
        _input(inputs, "stream"),
        _input(inputs, "when"),
        _input(inputs, "channel"),
    )
    context = inputs.get("user")
    user = context.get("id") if isinstance(context, dict) else None
    user = user if isinstance(user, str) and user[:1] in ("U", "W") else ""
    if not stream or len(stream.split()) != 1:
        return [], message_card(
            _("Could not schedule that"),
            _(
                "The step's `stream` must be one stream name: `name`, `app/name` or "
                "`domain/app/name`."
            ),
        )
    if not when:
        return [], message_card(
            _("Could not schedule that"),
            _(
                "The step's `when` is empty: give it the time as /record takes it, e.g. "
                "`tomorrow 8pm for 2h`."
            ),
        )
    if not user and (service.access.users or service.access.group_members):
        return [], message_card(_("Not allowed"), _(NO_PERSON))
    tz, note, name = deps.users.get(user) if user else ("UTC", None, None)
    user = user or NO_USER
    locale = deps.users.locale(user) if user else None
    who = Requester(user, name or "Workflow Builder", channel or None, tz, note, locale)
    try:
        proposal = service.propose(who, f"{stream} {when}")
        if isinstance(proposal, SeriesProposal):  # the step confirms the series; its first
            series = proposal.series  # recording is the step's output
            if channel:
                service.store.update_series(series.id, notice_channel=channel)
            done = service.confirm_series(series.id, user, channel or None)
            if done.kind != "active":
                return [], series_outcome_card(fmt, done)
            first = [*done.created[:1]] or [Outcome("booked", r) for r in done.booked[:1]]
            return first, None
        if channel:  # the recording's thread goes there, whatever RECORD_CHANNEL says
            for row in proposal.rows:
                service.store.update(row.id, notice_channel=channel)
        main = proposal.main
        if len(proposal.rows) > 1 and not main.grp:
            # Two readings and no card to choose on: never one silent guess.
            service.cancel(main.id, user)
            readings = _(" or ").join(
                _("{start} to {end}").format(
                    start=fmt.time(r.start, r.tz), end=fmt.time(r.end, r.tz)
                )
                for r in proposal.rows
            )
            return [], message_card(
                _("Which one?"),
                _(
                    "`{when}` can mean {readings}. Write the date (e.g. `2026-12-01 9am to "
                    "10am`) so the step knows which."
                ).format(when=fmt.esc(when), readings=readings),
            )
        if main.grp:
            return service.confirm_group(main.id, user, channel or None), None
        return [service.confirm(main.id, user, channel or None)], None
    except ResolveError as exc:  # as the /record card says it
        return [], message_card(
            _("Could not schedule that"),
            fmt.esc(exc.message),
            _("Try `/record help` for examples."),
        )
    except RecordbotError as exc:
        return [], known_error_card(fmt, exc)


def step_lang(deps: Deps, inputs: dict[str, Any]) -> str:
    """The language the step answers in: its `when`'s script, else its person's Slack locale."""
    context = inputs.get("user")
    user = context.get("id") if isinstance(context, dict) else None
    try:
        locale = deps.users.locale(user) if isinstance(user, str) and user else None
    except Exception:  # the language is not worth a failed step
        locale = None
    return pick(f"{_input(inputs, 'stream')} {_input(inputs, 'when')}".strip(), locale)


def run_step(deps: Deps, inputs: dict[str, Any], complete: Complete, fail: Fail) -> None:
    with using(step_lang(deps, inputs)):
        _run_step(deps, inputs, complete, fail)


def _run_step(deps: Deps, inputs: dict[str, Any], complete: Complete, fail: Fail) -> None:
    try:
        outcomes, refusal = schedule(deps, inputs)
    except Exception:
        ref = secrets.token_hex(4)
        log.exception("the workflow step failed (ref %s)", ref)
        fail(
            error=_(
                "Sorry, something went wrong on our side (reference {ref}). Check /record list "
                "before running the workflow again."
            ).format(ref=ref)
        )
        return
    if refusal is not None:
        fail(error=card_text(refusal))
        return
    # a booked recording has no TaskId until recordbot creates it on Live: its `task_id` is ""
    if outcomes and all(o.kind in ("created", "booked") for o in outcomes):
        rows = [o.row for o in outcomes]
        complete(
            outputs={
                "task_id": ",".join(r.task_id or "" for r in rows),
                "start": int(rows[0].start),
                "end": int(rows[-1].end),
            }
        )
        return
    fmt = PlainFmt(deps.fmt.file_hosts)
    card = (
        outcome_card(fmt, outcomes[0]) if len(outcomes) == 1 else group_outcome_card(fmt, outcomes)
    )
    fail(error=card_text(card))


def finish(deps: Deps, inputs: dict[str, Any], complete: Complete, fail: Fail) -> None:
    """Run the step; Slack refusing the completion (the execution is over, say) is logged."""
    try:
        run_step(deps, inputs, complete, fail)
    except SlackApiError as exc:
        log.warning("Slack refused to complete the workflow step: %s", exc.response.get("error"))


def register(app: App, deps: Deps) -> None:
    @app.function(FUNCTION)
    def on_step(body: dict[str, Any], complete: Complete, fail: Fail) -> None:
        # Bolt acks at once (auto_acknowledge); creating on Live runs on our own pool.
        inputs = (body.get("event") or {}).get("inputs")
        if deps.deliveries.first(delivery_key(body)):
            inputs = dict(inputs) if isinstance(inputs, dict) else {}
            deps.in_background(finish, deps, inputs, complete, fail)
