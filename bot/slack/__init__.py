"""The Slack front end: Bolt listeners, Block Kit builders and the HTTP server (adapters only)."""
