"""Words and pieces people type in WHEN, for property tests and fuzzing (both languages)."""

VOCAB = [
    "8pm", "8", "11", "12", "0", "24", "20:00", "23:59", "2:30am", "1:30am", "8:30", "8.30pm",
    "2000", "noon", "midnight", "now", "today", "tonight", "tomorrow", "yesterday", "morning",
    "evening", "in the evening", "this", "next", "last", "friday", "sun", "Nov 28", "28 Nov",
    "11/28", "2026-11-28", "2026-03-08", "2026-11-01", "the 28th", "2026-11-28T20:00+08:00",
    "from", "to", "-", "until", "till", "between", "and", "for", "starting", "at", "on", "in",
    "ago", "from now", "later", "3h", "90 minutes", "1.5h", "2h30m", "an hour", "half an hour",
    "an hour and a half", "24h", "25 hours", "0 minutes", "30 seconds", "2 days", "ET", "CST",
    "IST", "BST", "UTC", "UTC+8", "GMT-5", "Asia/Tokyo", "Beijing time", "the next", ",", ".",
    "am", "pm", "start", "end", "今晚", "明天", "后天", "上午", "下午", "晚上", "凌晨", "中午",
    "8点", "12点", "11点半", "两", "十二点", "录", "3小时", "半小时", "一个半小时", "90分钟",
    "到", "至", "从", "开始", "结束", "现在", "后", "前", "下周五", "这周日", "周一", "11月28日",
    "28号", "北京时间", "録", "\u2013", "\U0001f600", "\x00", "\u200b", "ｘ",
    # repeating schedules
    "every", "every day", "daily", "weekdays", "every weekend", "every other", "mondays",
    "until dec 22", "for 2 weeks", "3 times", "starting next monday", "每天", "每周", "每周一三五",
    "每个工作日", "每两周的", "到12月22日为止", "持续2周", "共3次", "从下周一开始",
]  # fmt: skip
