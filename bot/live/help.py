"""What each Live API (and recordbot) error code means, in plain words, and what to do next.

Pure text: the cards show it with the code and RequestId. Codes are Tencent's (docs/live-api.md).
"""

from __future__ import annotations

from bot.i18n import N_, _
from bot.windows import REGIONS

_REGIONS_TEXT = ", ".join(REGIONS)

ERROR_HELP: dict[str, tuple[str, str]] = {
    # fmt: off
    "InternalError": (
        N_("Tencent Cloud Live had an internal problem and could not finish the request."),
        N_(
            "Try again in a minute. If it keeps happening, give the RequestId to your cloud admin or Tencent Cloud support."
        ),
    ),
    "InternalError.GetConfigError": (
        N_("Tencent Cloud Live could not read the settings for this stream's push domain."),
        N_(
            "Check the domain and app in the command (`/record help`), then try again; if it persists, give the RequestId to your cloud admin."
        ),
    ),
    "InternalError.NetworkError": (
        N_("Tencent Cloud Live had a network problem inside its own systems."),
        N_("recordbot already tried again a few times. Wait a minute and try again."),
    ),
    "InternalError.SystemError": (
        N_("Tencent Cloud Live had a system error."),
        N_(
            "Wait a minute and try again; if it persists, contact Tencent Cloud support with the RequestId."
        ),
    ),
    "InvalidParameter": (
        N_(
            "Tencent Cloud Live refused the request: one of its values is not allowed (the message says which, e.g. a time too far ahead or an unknown TaskId)."
        ),
        N_("Check the stream name, domain, app, times or TaskId, fix the command and try again."),
    ),
    "InvalidParameterValue": (
        N_("Tencent Cloud Live refused one of the values in the request."),
        N_("Check the stream name, domain, app and times, fix the command and try again."),
    ),
    "LimitExceeded.MaximumRunningTask": (
        N_(
            "This stream already has 3 recordings at overlapping times, the most Tencent Cloud Live runs at once."
        ),
        N_(
            "Run `/record list STREAM` and stop or delete one you no longer need, or choose a time that does not overlap."
        ),
    ),
    "LimitExceeded": (
        N_("A Tencent Cloud Live limit was reached."),
        N_(
            "Stop or delete recordings you no longer need, or ask your cloud admin to raise the limit."
        ),
    ),
    "ResourceNotFound.ForbidService": (
        N_("Tencent Cloud has blocked the Live service on this account."),
        N_(
            "Ask your cloud admin to contact Tencent Cloud support; nothing can be recorded until the block is lifted."
        ),
    ),
    "ResourceNotFound.FreezeService": (
        N_("The Live service on this Tencent Cloud account is suspended."),
        N_("Ask your cloud admin to check the account's status in the Tencent Cloud console."),
    ),
    "ResourceNotFound.StopService": (
        N_("The Live service is suspended because the Tencent Cloud account is in arrears."),
        N_("Ask your cloud admin to top the account up to a positive balance, then try again."),
    ),
    "ResourceNotFound.UserDisableService": (
        N_("The Live service has been turned off on this Tencent Cloud account."),
        N_(
            "Ask your cloud admin to turn Live back on in the Tencent Cloud console, then try again."
        ),
    ),
    "ResourceNotFound": (
        N_(
            "Tencent Cloud Live could not find what the request refers to (a task, a domain, or the service itself)."
        ),
        N_(
            "Check the TaskId or stream with `/record list`; if it looks right, ask your cloud admin."
        ),
    ),
    "ResourceUnavailable.InvalidVodStatus": (
        N_(
            "Recording files are stored in VOD, and VOD is not activated on this Tencent Cloud account."
        ),
        N_(
            "Activate VOD in the Tencent Cloud console (or ask your cloud admin), then press Confirm again."
        ),
    ),
    "ResourceUnavailable": (
        N_("A Tencent Cloud service that recording depends on is not available on this account."),
        N_("Ask your cloud admin to check the Live and VOD services in the Tencent Cloud console."),
    ),
    "UnsupportedOperation": (
        N_("Tencent Cloud Live does not allow this operation for this task or account."),
        N_(
            "Check the task with `/record show TASKID` (it may already have ended); if unsure, ask your cloud admin."
        ),
    ),
    "AuthFailure": (
        N_("Tencent Cloud did not accept recordbot's credentials."),
        N_("Ask {admin} to check TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY."),
    ),
    "AuthFailure.SecretIdNotFound": (
        N_(
            "Tencent Cloud does not know recordbot's API key (SecretId): it was deleted, disabled or mistyped."
        ),
        N_(
            "Ask {admin} to check TENCENTCLOUD_SECRET_ID against the console's API keys page and restart recordbot."
        ),
    ),
    "AuthFailure.SignatureFailure": (
        N_(
            "Tencent Cloud rejected recordbot's request signature: the SecretKey does not match the SecretId."
        ),
        N_(
            "Ask {admin} to copy TENCENTCLOUD_SECRET_KEY again from the API keys page and restart recordbot."
        ),
    ),
    "AuthFailure.SignatureExpire": (
        N_(
            "Tencent Cloud refused the request because the clock of the machine running recordbot is more than 5 minutes off."
        ),
        N_("Ask {admin} to fix that machine's clock (turn on NTP time sync), then try again."),
    ),
    "AuthFailure.UnauthorizedOperation": (
        N_("recordbot's Tencent Cloud API key is not allowed to manage Live recordings."),
        N_(
            "Ask your cloud admin to grant that key's user the Live permissions in CAM (for example QcloudLiveFullAccess), then try again."
        ),
    ),
    "AuthFailure.InvalidSecretId": (
        N_("The SecretId recordbot uses is not a Tencent Cloud API key."),
        N_("Ask {admin} to set TENCENTCLOUD_SECRET_ID to a key from the console's API keys page."),
    ),
    "AuthFailure.MFAFailure": (
        N_("Tencent Cloud wants a multi-factor check for this API key, and it failed."),
        N_("Ask your cloud admin to give recordbot a key whose API calls are not MFA-protected."),
    ),
    "AuthFailure.InvalidAuthorization": (
        N_("Tencent Cloud refused the request because its signature header was malformed."),
        N_("This is a recordbot or set-up problem: tell {admin}, with the RequestId."),
    ),
    "AuthFailure.TokenFailure": (
        N_("The temporary security token recordbot used is invalid or has expired."),
        N_("Ask {admin} to renew recordbot's Tencent Cloud credentials."),
    ),
    "UnauthorizedOperation": (
        N_("recordbot's Tencent Cloud API key is not allowed to do this."),
        N_("Ask your cloud admin to grant that key's user the Live permissions in CAM."),
    ),
    "RequestLimitExceeded": (
        N_("Too many requests reached Tencent Cloud Live at once (it takes 20 a second)."),
        N_("recordbot already waited and retried. Wait a few seconds and try again."),
    ),
    "MissingParameter": (
        N_("The request lacked a value Tencent Cloud Live requires."),
        N_("This is a recordbot problem: tell {admin}, with the RequestId."),
    ),
    "UnknownParameter": (
        N_("Tencent Cloud Live did not recognise a value recordbot sent."),
        N_("This is a recordbot problem: tell {admin}, with the RequestId."),
    ),
    "InvalidAction": (
        N_("The service recordbot talks to does not know this operation."),
        N_("Ask {admin} to check that LIVE_API_ENDPOINT points at the Live API."),
    ),
    "NoSuchVersion": (
        N_("The service recordbot talks to does not know the Live API version recordbot uses."),
        N_("Ask {admin} to check LIVE_API_ENDPOINT and update recordbot."),
    ),
    "UnsupportedRegion": (
        N_("The Tencent Cloud region recordbot is set to does not offer Live recording."),
        N_("Ask {admin} to set TENCENTCLOUD_REGION to one of: {regions}."),
    ),
    "FailedOperation": (
        N_("Tencent Cloud Live could not carry out the request."),
        N_("Try again in a minute; if it persists, give the RequestId to your cloud admin."),
    ),
    "LiveUnreachable": (
        N_(
            "recordbot could not reach Tencent Cloud Live, so nothing was sent and nothing changed."
        ),
        N_(
            "recordbot already retried. Try again in a minute; if it persists, ask {admin} to check the network and LIVE_API_ENDPOINT."
        ),
    ),
    "LiveAmbiguous": (
        N_(
            "The request reached Tencent Cloud Live but no answer came back, so it is not known whether it took effect."
        ),
        N_(
            "Don't repeat it blindly: run `/record list STREAM` to see whether the recording exists; recordbot checks before it creates again."
        ),
    ),
    "ServerNetworkError": (
        N_(
            "Tencent Cloud's gateway answered with an HTTP error instead of a result, so it is not known whether the request took effect."
        ),
        N_("Run `/record list STREAM` to see whether the recording exists before trying again."),
    ),
    "InvalidScrollToken": (
        N_("Tencent Cloud Live returned an inconsistent task list."),
        N_("Try the list again in a moment."),
    ),
    "InvalidCredential": (
        N_("recordbot's Tencent Cloud credentials are empty or malformed."),
        N_("Ask {admin} to set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY."),
    ),
    "ClientError": (
        N_("recordbot could not build the request to Tencent Cloud Live."),
        N_("This is a recordbot problem: tell {admin}."),
    ),
    "ClientParamsError": (
        N_("recordbot could not build the request to Tencent Cloud Live."),
        N_("This is a recordbot problem: tell {admin}."),
    ),
    # fmt: on
}

_GENERIC_HELP = (
    N_("Tencent Cloud Live refused the request with an error recordbot does not know."),
    N_("Try again; if it happens again, give the error code and RequestId to {admin}."),
)


def explain(code: str) -> tuple[str, str]:
    """(what it means in plain words, what to do next) for a Live API or recordbot error code,
    in the current language.

    Unknown codes fall back to their prefix (`AuthFailure.X` -> `AuthFailure`), then to a
    generic text.
    """
    meaning, todo = ERROR_HELP.get(code) or ERROR_HELP.get(code.split(".", 1)[0], _GENERIC_HELP)
    fields = {"admin": _("whoever runs recordbot"), "regions": _REGIONS_TEXT}
    return _(meaning).format(**fields), _(todo).format(**fields)
