"""Custom steps (functions): their definitions (the manifest's `functions`), executions the
stand-in starts (each with its `function_execution_id` and just-in-time `bot_access_token`), and
the two methods that end one, with Slack's checks.

Sources: the `function_executed` event reference (the event, its `function` object with
`input_parameters` and `output_parameters` as lists), the functions.completeSuccess and
functions.completeError reference pages (arguments `function_execution_id` with `outputs` or
`error`, all required; errors `function_execution_not_found`, `execution_not_in_running_state`,
`parameter_validation_failed`), and the `timestamp` type (a Unix time in seconds).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from .model import JSON, _ApiError
from .scopes import MANIFEST

if TYPE_CHECKING:
    from .standin import SlackWebApiStandIn


@dataclass
class Execution:
    """One run of a custom step: running until completed (with outputs) or failed (an error)."""

    id: str
    callback_id: str
    token: str
    inputs: JSON
    state: str = "running"  # running | completed | failed
    outputs: JSON | None = None
    error: str | None = None


def manifest_functions() -> dict[str, JSON]:
    """The manifest's `functions`, by callback_id."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return dict(manifest.get("functions") or {})


def function_object(callback_id: str, app_id: str) -> JSON:
    """A step's definition as `function_executed` carries it: parameters as lists."""
    spec = manifest_functions()[callback_id]

    def params(section: str) -> list[JSON]:
        return [
            {"name": name, **{k: v for k, v in p.items() if k != "name"}}
            for name, p in (spec.get(section) or {}).items()
        ]

    return {
        "id": "Fn" + secrets.token_hex(5).upper(),
        "callback_id": callback_id,
        "title": spec["title"],
        "description": spec.get("description", ""),
        "type": "app",
        "input_parameters": params("input_parameters"),
        "output_parameters": params("output_parameters"),
        "app_id": app_id,
        "date_created": 1_700_000_000,
        "date_updated": 1_700_000_000,
        "date_deleted": 0,
    }


_IDS = {
    "slack#/types/channel_id": re.compile(r"^[CGD][A-Z0-9]+$"),
    "slack#/types/user_id": re.compile(r"^[UW][A-Z0-9]+$"),
    "slack#/types/usergroup_id": re.compile(r"^S[A-Z0-9]+$"),
}


def value_problem(kind: str, value: Any) -> str | None:
    """Why `value` is not of the parameter type `kind`, or None."""
    if kind == "string":
        return None if isinstance(value, str) else "must be a string"
    if kind == "boolean":
        return None if isinstance(value, bool) else "must be a boolean"
    if kind in ("integer", "slack#/types/timestamp"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be an integer"
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if kind in _IDS:
        ok = isinstance(value, str) and bool(_IDS[kind].match(value))
        return None if ok else f"must be a {kind.rsplit('/', 1)[-1]}"
    if kind == "slack#/types/user_context":
        ok = isinstance(value, dict) and isinstance(value.get("id"), str)
        return None if ok else "must be a user_context object"
    return None


def parameter_problems(declared: dict[str, JSON], given: JSON, what: str) -> list[str]:
    """Problems of `given` against `declared` parameters: a required one missing, an unknown
    one, a value of the wrong type."""
    problems = [
        f"missing required {what} parameter: {name}"
        for name, p in declared.items()
        if p.get("is_required") and name not in given
    ]
    for name, value in given.items():
        if name not in declared:
            problems.append(f"unknown {what} parameter: {name}")
        elif why := value_problem(declared[name]["type"], value):
            problems.append(f"{what} parameter {name} {why}")
    return problems


def _execution(s: SlackWebApiStandIn, args: JSON) -> Execution:
    execution_id = args.get("function_execution_id")
    if not execution_id:
        raise _ApiError("invalid_arguments", ["missing required field: function_execution_id"])
    execution = s._executions.get(str(execution_id))
    if execution is None:
        raise _ApiError("function_execution_not_found")
    if execution.state != "running":
        raise _ApiError("execution_not_in_running_state")
    return execution


def _functions_complete_success(s: SlackWebApiStandIn, args: JSON) -> JSON:
    execution = _execution(s, args)
    outputs = args.get("outputs")
    if isinstance(outputs, str):
        try:
            outputs = json.loads(outputs)
        except ValueError:
            raise _ApiError("invalid_arguments", ["outputs must be a JSON object"]) from None
    if not isinstance(outputs, dict):
        raise _ApiError("invalid_arguments", ["missing required field: outputs"])
    declared = manifest_functions()[execution.callback_id].get("output_parameters") or {}
    problems = parameter_problems(declared, outputs, "output")
    if problems:
        raise _ApiError("parameter_validation_failed", problems)
    execution.state, execution.outputs = "completed", outputs
    return {"ok": True}


def _functions_complete_error(s: SlackWebApiStandIn, args: JSON) -> JSON:
    execution = _execution(s, args)
    error = args.get("error")
    if not isinstance(error, str) or not error:
        raise _ApiError("invalid_arguments", ["missing required field: error"])
    execution.state, execution.error = "failed", error
    return {"ok": True}
