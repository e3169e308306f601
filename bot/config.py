"""Settings from the environment and `.env`, validated once at start-up into one frozen object."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.i18n import LANGS
from bot.live.api import DEFAULT_ENDPOINT
from bot.live.media import is_host_name
from bot.windows import REGIONS

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
OFFLINE_DOMAIN = "5000.live.push.com"
SIM_ENDPOINT = "sim"

# Every key the bot reads; `.env.example` documents each one.
KEYS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_REGION",
    "LIVE_API_ENDPOINT",
    "RECORD_DOMAIN",
    "RECORD_APP",
    "RECORD_TEMPLATE_ID",
    "RECORD_CHANNEL",
    "RECORDBOT_DB",
    "PORT",
    "CALLBACK_KEY",
    "CALLBACK_PORT",
    "RECORDBOT_ALLOWED_USERS",
    "RECORDBOT_ALLOWED_CHANNELS",
    "RECORDBOT_ADMINS",
    "RECORDBOT_ALLOWED_GROUP",
    "RECORDBOT_LOG_FORMAT",
    "RECORDBOT_CREATE_PATIENCE",
    "RECORDBOT_FILE_HOSTS",
    "RECORDBOT_LANG",
)


def is_loopback_host(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (brackets allowed)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_endpoint(value: str) -> tuple[str, str]:
    """`https://host[:port]` (or `http://` for a loopback host) -> (protocol, "host[:port]").

    The one check of LIVE_API_ENDPOINT (not the word `sim`): settings and the client both use it.
    """
    text = value.strip()
    example = "e.g. https://live.tencentcloudapi.com or http://127.0.0.1:9000"
    if "://" not in text:
        raise ConfigError(
            f"LIVE_API_ENDPOINT {value!r} has no scheme; write it as a URL, {example}"
        )
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ConfigError(f"LIVE_API_ENDPOINT must use https:// (not {parts.scheme}://); {example}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError("LIVE_API_ENDPOINT must not contain a user name or password")
    host = (parts.hostname or "").lower()
    if not host:
        raise ConfigError(f"LIVE_API_ENDPOINT {value!r} has no host name; {example}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or text[-1] in "?#":
        raise ConfigError(
            f"LIVE_API_ENDPOINT {value!r} must be only scheme, host and port (no path or query)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"LIVE_API_ENDPOINT {value!r} has an invalid port") from None
    if port == 0:
        raise ConfigError(f"LIVE_API_ENDPOINT {value!r} has an invalid port")
    if scheme == "http" and not is_loopback_host(host):
        raise ConfigError(
            f"LIVE_API_ENDPOINT {value!r} uses plain http://, which is allowed only for loopback "
            "hosts (127.0.0.1, localhost, ::1); use https:// for anything else"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return scheme, netloc


def check_endpoint(value: str) -> str:
    """LIVE_API_ENDPOINT, validated, as `scheme://host[:port]`."""
    scheme, netloc = parse_endpoint(value)
    return f"{scheme}://{netloc}"


def _ids(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _hosts(key: str, value: str) -> frozenset[str]:
    """Comma-separated host names, lowercased; ConfigError naming the first that is not one."""
    hosts = set()
    for part in value.split(","):
        name = part.strip().lower().rstrip(".")
        if not name:
            continue
        if not is_host_name(name):
            raise ConfigError(
                f"{key}: {part.strip()!r} is not a host name. List host names only, "
                "comma-separated, e.g. media.example.com,cdn.example.com (no scheme, port, path "
                "or wildcard)."
            )
        hosts.add(name)
    return frozenset(hosts)


def _int(env: Mapping[str, str], key: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, got {raw!r}.") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{key} must be between {lo} and {hi}, got {value}.")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs, validated. Secrets are kept out of repr()."""

    slack_bot_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    secret_id: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    region: str = "ap-guangzhou"
    live_endpoint: str = DEFAULT_ENDPOINT  # or "sim"
    record_domain: str | None = None
    record_app: str = "live"
    template_id: int | None = None
    record_channel: str | None = None
    db_path: str = "recordbot.db"
    port: int = 3000
    callback_key: str | None = field(default=None, repr=False)
    callback_port: int | None = None
    allowed_users: frozenset[str] = frozenset()
    allowed_channels: frozenset[str] = frozenset()
    admins: tuple[str, ...] = ()  # whom a refused user is told to ask
    allowed_group: str | None = None  # a Slack user group (S…) whose members may also act
    log_format: str = "text"
    create_patience: int = 180  # seconds to keep looking for a create whose reply was lost
    # hosts, besides Tencent's VOD and COS, whose recorded-file URLs are shown as links
    file_hosts: frozenset[str] = frozenset()
    lang: str = "en"  # channel notices' language: en, zh-Hans or zh-Hant (RECORDBOT_LANG)

    @property
    def has_tencent_credentials(self) -> bool:
        return bool(self.secret_id and self.secret_key)

    @property
    def simulated(self) -> bool:
        """True when the Live API is the built-in simulator (offline or LIVE_API_ENDPOINT=sim)."""
        return self.live_endpoint == SIM_ENDPOINT or not self.has_tencent_credentials

    @property
    def domain(self) -> str:
        return self.record_domain or OFFLINE_DOMAIN

    def require_slack(self, mode: str) -> None:
        """Check what a Slack mode needs ("socket" or "http"); say which key to set."""
        if not self.slack_bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page."
            )
        if not self.slack_bot_token.startswith("xoxb-"):
            raise ConfigError(
                "SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page)."
            )
        if mode == "socket":
            if not self.slack_app_token or not self.slack_app_token.startswith("xapp-"):
                raise ConfigError(
                    "SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope (Basic Information > App-Level Tokens)."
                )
        if mode == "http" and not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is required in HTTP mode: copy the Signing Secret from your Slack app's Basic Information page."
            )
        if not self.has_tencent_credentials and self.live_endpoint != SIM_ENDPOINT:
            raise ConfigError(
                "No Tencent Cloud credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY "
                "(a CAM key with Live access), or set LIVE_API_ENDPOINT=sim to try the bot against the "
                "built-in simulator (every card is then marked SIMULATED)."
            )


def load_env(
    env: Mapping[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = ".env"
) -> dict[str, str]:
    """The process environment over `.env` (the real environment wins)."""
    merged: dict[str, str] = {}
    if dotenv_path and Path(dotenv_path).is_file():
        from dotenv import dotenv_values

        merged.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    merged.update(os.environ if env is None else env)
    return merged


def load_settings(
    env: Mapping[str, str] | None = None, dotenv_path: str | os.PathLike[str] | None = ".env"
) -> Settings:
    """Read and validate every setting; raise ConfigError naming the key and the fix."""
    e = load_env(env, dotenv_path)
    get = lambda key: (e.get(key) or "").strip() or None  # noqa: E731

    bot_token, app_token = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN")
    if app_token and not bot_token:
        raise ConfigError(
            "SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both (set SLACK_BOT_TOKEN to the xoxb- token), or unset SLACK_APP_TOKEN to use the offline shell."
        )

    api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"SLACK_API_URL {api_url!r} is not a URL; it should look like https://slack.com/api/ (with the trailing slash)."
        )
    if not api_url.endswith("/"):
        api_url += "/"

    region = get("TENCENTCLOUD_REGION") or "ap-guangzhou"
    if region not in REGIONS:
        raise ConfigError(
            f"TENCENTCLOUD_REGION {region!r} is not a Live region; use one of: {', '.join(REGIONS)}."
        )

    secret_id, secret_key = get("TENCENTCLOUD_SECRET_ID"), get("TENCENTCLOUD_SECRET_KEY")
    if bool(secret_id) != bool(secret_key):
        missing = "TENCENTCLOUD_SECRET_KEY" if secret_id else "TENCENTCLOUD_SECRET_ID"
        raise ConfigError(
            f"{missing} is not set: Tencent Cloud credentials need both the SecretId and the SecretKey (CAM console > API keys)."
        )

    endpoint_raw = get("LIVE_API_ENDPOINT")
    if endpoint_raw is None:
        endpoint = DEFAULT_ENDPOINT
    elif endpoint_raw.lower() == SIM_ENDPOINT:
        endpoint = SIM_ENDPOINT
    else:
        endpoint = check_endpoint(endpoint_raw)

    app = get("RECORD_APP") or "live"
    domain = get("RECORD_DOMAIN")
    for key, value in (("RECORD_APP", app), ("RECORD_DOMAIN", domain)):
        if value and ("/" in value or any(c.isspace() for c in value)):
            raise ConfigError(f"{key} {value!r} must be a single name without '/' or spaces.")

    channel = get("RECORD_CHANNEL")
    if channel and channel[:1] not in ("C", "G", "D"):
        raise ConfigError(
            f"RECORD_CHANNEL must be a channel ID like C0123456789 (not a #name), got {channel!r}."
        )

    group = get("RECORDBOT_ALLOWED_GROUP")
    if group and not (group.startswith("S") and group.isalnum()):
        raise ConfigError(
            f"RECORDBOT_ALLOWED_GROUP must be a Slack user group ID like S0123456789, got {group!r}."
        )

    log_format = (get("RECORDBOT_LOG_FORMAT") or "text").lower()
    if log_format not in ("text", "json"):
        raise ConfigError("RECORDBOT_LOG_FORMAT must be `text` or `json`.")

    lang = get("RECORDBOT_LANG") or "en"
    if lang not in LANGS:
        raise ConfigError(
            f"RECORDBOT_LANG must be one of {', '.join(LANGS)} (the channel notices' language), "
            f"got {lang!r}."
        )

    return Settings(
        slack_bot_token=bot_token,
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_app_token=app_token,
        slack_api_url=api_url,
        secret_id=secret_id,
        secret_key=secret_key,
        region=region,
        live_endpoint=endpoint,
        record_domain=domain,
        record_app=app,
        template_id=_int(e, "RECORD_TEMPLATE_ID", None, 0, 2**63 - 1),
        record_channel=channel,
        db_path=get("RECORDBOT_DB") or "recordbot.db",
        port=_int(e, "PORT", 3000, 1, 65535) or 3000,
        callback_key=get("CALLBACK_KEY"),
        callback_port=_int(e, "CALLBACK_PORT", None, 1, 65535),
        allowed_users=_ids(get("RECORDBOT_ALLOWED_USERS") or ""),
        allowed_channels=_ids(get("RECORDBOT_ALLOWED_CHANNELS") or ""),
        admins=tuple(sorted(_ids(get("RECORDBOT_ADMINS") or ""))),
        allowed_group=group,
        log_format=log_format,
        create_patience=_int(e, "RECORDBOT_CREATE_PATIENCE", 180, 0, 3600) or 0,
        file_hosts=_hosts("RECORDBOT_FILE_HOSTS", get("RECORDBOT_FILE_HOSTS") or ""),
        lang=lang,
    )
