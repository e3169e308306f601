"""recordbot: schedule Tencent Cloud Live recordings from Slack in plain language."""

__version__ = "0.1.0"
