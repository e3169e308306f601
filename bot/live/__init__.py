"""Tencent Cloud Live: the interface (api.py, no SDK), the SDK client (client.py), pacing,
what error codes mean (help.py), the offline simulator (sim/) and recording callbacks.

Import the submodule you need: importing this package loads no SDK.
"""
