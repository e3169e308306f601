import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def load(**env: str):
    return load_settings(env, dotenv_path=None)


def test_defaults_are_offline():
    s = load()
    assert s.slack_bot_token is None
    assert s.region == "ap-guangzhou"
    assert s.live_endpoint == "https://live.tencentcloudapi.com"
    assert s.simulated
    assert s.domain == "5000.live.push.com"
    assert s.record_app == "live"
    assert s.port == 3000
    assert s.slack_api_url == "https://slack.com/api/"


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"TENCENTCLOUD_REGION": "ap-mars"}, "TENCENTCLOUD_REGION"),
        ({"LIVE_API_ENDPOINT": "ftp://x"}, "LIVE_API_ENDPOINT"),
        ({"LIVE_API_ENDPOINT": "http://live.tencentcloudapi.com"}, "loopback"),
        ({"LIVE_API_ENDPOINT": "https://live.tencentcloudapi.com/v1"}, "no path"),
        ({"LIVE_API_ENDPOINT": "http://127.0.0.1:notaport"}, "port"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
        ({"TENCENTCLOUD_SECRET_ID": "AKIDx"}, "TENCENTCLOUD_SECRET_KEY"),
        ({"RECORD_TEMPLATE_ID": "abc"}, "RECORD_TEMPLATE_ID"),
        ({"PORT": "70000"}, "PORT"),
        ({"RECORD_CHANNEL": "#general"}, "RECORD_CHANNEL"),
        ({"SLACK_API_URL": "slack"}, "SLACK_API_URL"),
        ({"RECORDBOT_LOG_FORMAT": "xml"}, "RECORDBOT_LOG_FORMAT"),
        ({"RECORDBOT_LANG": "zh-CN"}, "RECORDBOT_LANG"),
        ({"RECORDBOT_LANG": "fr"}, "en, zh-Hans, zh-Hant"),
        ({"RECORDBOT_FILE_HOSTS": "https://media.example.com/"}, "RECORDBOT_FILE_HOSTS"),
        ({"RECORDBOT_FILE_HOSTS": "ok.example.com,*.example.com"}, "'*.example.com'"),
        ({"RECORDBOT_FILE_HOSTS": "media.example.com:8443"}, "no scheme, port, path"),
    ],
)
def test_bad_settings_name_the_key(env, needle):
    with pytest.raises(ConfigError) as err:
        load(**env)
    assert needle in err.value.message


def test_notice_language():
    assert load().lang == "en"
    assert load(RECORDBOT_LANG="zh-Hant").lang == "zh-Hant"


def test_loopback_http_and_sim_are_accepted():
    assert load(LIVE_API_ENDPOINT="http://127.0.0.1:9000").live_endpoint == "http://127.0.0.1:9000"
    assert load(LIVE_API_ENDPOINT="http://localhost:9000/").live_endpoint == "http://localhost:9000"
    assert load(LIVE_API_ENDPOINT="sim").live_endpoint == "sim"


def test_http_mode_needs_signing_secret_and_credentials():
    s = load(SLACK_BOT_TOKEN="xoxb-1", TENCENTCLOUD_SECRET_ID="AKID", TENCENTCLOUD_SECRET_KEY="k")
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        s.require_slack("http")
    s = load(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    with pytest.raises(ConfigError, match="TENCENTCLOUD_SECRET_ID"):
        s.require_slack("http")
    load(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", LIVE_API_ENDPOINT="sim").require_slack(
        "http"
    )


def test_socket_mode_needs_an_app_token():
    s = load(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="wrong", LIVE_API_ENDPOINT="sim")
    with pytest.raises(ConfigError, match="xapp-"):
        s.require_slack("socket")


def test_secrets_stay_out_of_repr():
    s = load(
        SLACK_BOT_TOKEN="xoxb-secret-token",
        SLACK_SIGNING_SECRET="sigsecret",
        TENCENTCLOUD_SECRET_ID="AKIDsecretid",
        TENCENTCLOUD_SECRET_KEY="supersecretkey",
    )
    text = repr(s)
    for secret in ("xoxb-secret-token", "sigsecret", "AKIDsecretid", "supersecretkey"):
        assert secret not in text


def test_real_environment_wins_over_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("RECORD_APP=fromfile\nRECORD_DOMAIN=file.example.com\n")
    s = load_settings({"RECORD_APP": "fromenv"}, dotenv_path=env_file)
    assert s.record_app == "fromenv"
    assert s.record_domain == "file.example.com"


def test_allowed_lists_are_split():
    s = load(RECORDBOT_ALLOWED_USERS=" U1, U2 ,,", RECORDBOT_ALLOWED_CHANNELS="C1")
    assert s.allowed_users == frozenset({"U1", "U2"})
    assert s.allowed_channels == frozenset({"C1"})


def test_file_hosts_are_host_names_lowercased():
    assert load().file_hosts == frozenset()
    hosts = load(RECORDBOT_FILE_HOSTS=" Media.Example.COM., ,cdn.example.com").file_hosts
    assert hosts == frozenset({"media.example.com", "cdn.example.com"})


def test_env_example_documents_every_key():
    from pathlib import Path

    from bot.config import KEYS

    documented = {
        line.split("=", 1)[0].strip()
        for line in (Path(__file__).resolve().parent.parent / ".env.example")
        .read_text()
        .splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert set(KEYS) == documented
