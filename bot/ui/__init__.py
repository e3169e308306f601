"""What people read and type, shared by every front end: card models (cards.py, pure), the
`/record` router (router.py), the offline shell (shell.py) and `recordbot parse`'s JSON
(parse_json.py). Slack's own rendering lives in bot/slack/."""
