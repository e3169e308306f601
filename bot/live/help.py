"""What each Live API (and recordbot) error code means, in plain words, and what to do next.

Pure text: the cards show it with the code and RequestId. Codes are Tencent's (docs/live-api.md).
"""

from __future__ import annotations

from bot.windows import REGIONS

_ADMIN = "whoever runs recordbot"
_REGIONS_TEXT = ", ".join(REGIONS)

ERROR_HELP: dict[str, tuple[str, str]] = {
    # Live's own codes for the recording APIs
    "InternalError": (
        "Tencent Cloud Live had an internal problem and could not finish the request.",
        "Try again in a minute. If it keeps happening, give the RequestId to your cloud admin "
        "or Tencent Cloud support.",
    ),
    "InternalError.GetConfigError": (
        "Tencent Cloud Live could not read the settings for this stream's push domain.",
        "Check the domain and app in the command (`/record help`), then try again; if it "
        "persists, give the RequestId to your cloud admin.",
    ),
    "InternalError.NetworkError": (
        "Tencent Cloud Live had a network problem inside its own systems.",
        "recordbot already tried again a few times. Wait a minute and try again.",
    ),
    "InternalError.SystemError": (
        "Tencent Cloud Live had a system error.",
        "Wait a minute and try again; if it persists, contact Tencent Cloud support with the "
        "RequestId.",
    ),
    "InvalidParameter": (
        "Tencent Cloud Live refused the request: one of its values is not allowed (the message "
        "says which, e.g. a time too far ahead or an unknown TaskId).",
        "Check the stream name, domain, app, times or TaskId, fix the command and try again.",
    ),
    "InvalidParameterValue": (
        "Tencent Cloud Live refused one of the values in the request.",
        "Check the stream name, domain, app and times, fix the command and try again.",
    ),
    "LimitExceeded.MaximumRunningTask": (
        "This stream already has 3 recordings at overlapping times, the most Tencent Cloud Live "
        "runs at once.",
        "Run `/record list STREAM` and stop or delete one you no longer need, or choose a time "
        "that does not overlap.",
    ),
    "LimitExceeded": (
        "A Tencent Cloud Live limit was reached.",
        "Stop or delete recordings you no longer need, or ask your cloud admin to raise the limit.",
    ),
    "ResourceNotFound.ForbidService": (
        "Tencent Cloud has blocked the Live service on this account.",
        "Ask your cloud admin to contact Tencent Cloud support; nothing can be recorded until the "
        "block is lifted.",
    ),
    "ResourceNotFound.FreezeService": (
        "The Live service on this Tencent Cloud account is suspended.",
        "Ask your cloud admin to check the account's status in the Tencent Cloud console.",
    ),
    "ResourceNotFound.StopService": (
        "The Live service is suspended because the Tencent Cloud account is in arrears.",
        "Ask your cloud admin to top the account up to a positive balance, then try again.",
    ),
    "ResourceNotFound.UserDisableService": (
        "The Live service has been turned off on this Tencent Cloud account.",
        "Ask your cloud admin to turn Live back on in the Tencent Cloud console, then try again.",
    ),
    "ResourceNotFound": (
        "Tencent Cloud Live could not find what the request refers to (a task, a domain, or the "
        "service itself).",
        "Check the TaskId or stream with `/record list`; if it looks right, ask your cloud admin.",
    ),
    "ResourceUnavailable.InvalidVodStatus": (
        "Recording files are stored in VOD, and VOD is not activated on this Tencent Cloud "
        "account.",
        "Activate VOD in the Tencent Cloud console (or ask your cloud admin), then press Confirm "
        "again.",
    ),
    "ResourceUnavailable": (
        "A Tencent Cloud service that recording depends on is not available on this account.",
        "Ask your cloud admin to check the Live and VOD services in the Tencent Cloud console.",
    ),
    "UnsupportedOperation": (
        "Tencent Cloud Live does not allow this operation for this task or account.",
        "Check the task with `/record show TASKID` (it may already have ended); if unsure, ask "
        "your cloud admin.",
    ),
    # Tencent Cloud's common codes
    "AuthFailure": (
        "Tencent Cloud did not accept recordbot's credentials.",
        f"Ask {_ADMIN} to check TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    ),
    "AuthFailure.SecretIdNotFound": (
        "Tencent Cloud does not know recordbot's API key (SecretId): it was deleted, disabled "
        "or mistyped.",
        f"Ask {_ADMIN} to check TENCENTCLOUD_SECRET_ID against the console's API keys page and "
        "restart recordbot.",
    ),
    "AuthFailure.SignatureFailure": (
        "Tencent Cloud rejected recordbot's request signature: the SecretKey does not match the "
        "SecretId.",
        f"Ask {_ADMIN} to copy TENCENTCLOUD_SECRET_KEY again from the API keys page and restart "
        "recordbot.",
    ),
    "AuthFailure.SignatureExpire": (
        "Tencent Cloud refused the request because the clock of the machine running recordbot "
        "is more than 5 minutes off.",
        f"Ask {_ADMIN} to fix that machine's clock (turn on NTP time sync), then try again.",
    ),
    "AuthFailure.UnauthorizedOperation": (
        "recordbot's Tencent Cloud API key is not allowed to manage Live recordings.",
        "Ask your cloud admin to grant that key's user the Live permissions in CAM (for example "
        "QcloudLiveFullAccess), then try again.",
    ),
    "AuthFailure.InvalidSecretId": (
        "The SecretId recordbot uses is not a Tencent Cloud API key.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_SECRET_ID to a key from the console's API keys page.",
    ),
    "AuthFailure.MFAFailure": (
        "Tencent Cloud wants a multi-factor check for this API key, and it failed.",
        "Ask your cloud admin to give recordbot a key whose API calls are not MFA-protected.",
    ),
    "AuthFailure.InvalidAuthorization": (
        "Tencent Cloud refused the request because its signature header was malformed.",
        f"This is a recordbot or set-up problem: tell {_ADMIN}, with the RequestId.",
    ),
    "AuthFailure.TokenFailure": (
        "The temporary security token recordbot used is invalid or has expired.",
        f"Ask {_ADMIN} to renew recordbot's Tencent Cloud credentials.",
    ),
    "UnauthorizedOperation": (
        "recordbot's Tencent Cloud API key is not allowed to do this.",
        "Ask your cloud admin to grant that key's user the Live permissions in CAM.",
    ),
    "RequestLimitExceeded": (
        "Too many requests reached Tencent Cloud Live at once (it takes 20 a second).",
        "recordbot already waited and retried. Wait a few seconds and try again.",
    ),
    "MissingParameter": (
        "The request lacked a value Tencent Cloud Live requires.",
        f"This is a recordbot problem: tell {_ADMIN}, with the RequestId.",
    ),
    "UnknownParameter": (
        "Tencent Cloud Live did not recognise a value recordbot sent.",
        f"This is a recordbot problem: tell {_ADMIN}, with the RequestId.",
    ),
    "InvalidAction": (
        "The service recordbot talks to does not know this operation.",
        f"Ask {_ADMIN} to check that LIVE_API_ENDPOINT points at the Live API.",
    ),
    "NoSuchVersion": (
        "The service recordbot talks to does not know the Live API version recordbot uses.",
        f"Ask {_ADMIN} to check LIVE_API_ENDPOINT and update recordbot.",
    ),
    "UnsupportedRegion": (
        "The Tencent Cloud region recordbot is set to does not offer Live recording.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_REGION to one of: {_REGIONS_TEXT}.",
    ),
    "FailedOperation": (
        "Tencent Cloud Live could not carry out the request.",
        "Try again in a minute; if it persists, give the RequestId to your cloud admin.",
    ),
    # recordbot's own
    "LiveUnreachable": (
        "recordbot could not reach Tencent Cloud Live, so nothing was sent and nothing changed.",
        f"recordbot already retried. Try again in a minute; if it persists, ask {_ADMIN} to "
        "check the network and LIVE_API_ENDPOINT.",
    ),
    "LiveAmbiguous": (
        "The request reached Tencent Cloud Live but no answer came back, so it is not known "
        "whether it took effect.",
        "Don't repeat it blindly: run `/record list STREAM` to see whether the recording exists; "
        "recordbot checks before it creates again.",
    ),
    "ServerNetworkError": (
        "Tencent Cloud's gateway answered with an HTTP error instead of a result, so it is not "
        "known whether the request took effect.",
        "Run `/record list STREAM` to see whether the recording exists before trying again.",
    ),
    "InvalidScrollToken": (
        "Tencent Cloud Live returned an inconsistent task list.",
        "Try the list again in a moment.",
    ),
    "InvalidCredential": (
        "recordbot's Tencent Cloud credentials are empty or malformed.",
        f"Ask {_ADMIN} to set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    ),
}
ERROR_HELP["ClientError"] = ERROR_HELP["ClientParamsError"] = (
    "recordbot could not build the request to Tencent Cloud Live.",
    f"This is a recordbot problem: tell {_ADMIN}.",
)

_GENERIC_HELP = (
    "Tencent Cloud Live refused the request with an error recordbot does not know.",
    f"Try again; if it happens again, give the error code and RequestId to {_ADMIN}.",
)


def explain(code: str) -> tuple[str, str]:
    """(what it means in plain words, what to do next) for a Live API or recordbot error code.

    Unknown codes fall back to their prefix (`AuthFailure.X` -> `AuthFailure`), then to a
    generic text.
    """
    if code in ERROR_HELP:
        return ERROR_HELP[code]
    return ERROR_HELP.get(code.split(".", 1)[0], _GENERIC_HELP)
