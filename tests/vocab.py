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
    # issue 11: the long tail and the words read two ways
    "15h30", "16h", "9h30", "seven thirty", "ten fifteen", "quarter to noon", "twenty after 3",
    "half eight", "around", "8ish", "+", "now + 30 minutes", "a couple of hours", "1/2 h",
    "0,5 hours", "three-quarters of an hour", "30'", "in a week", "in 3 days", "days from now",
    "the day before yesterday", "three fridays from now", "weekend", "this weekend", "all day",
    "overnight", "\u00b7", "\u22c5", "please", "thx", "tmrw", "1-4", "3/12", "12/1",
    "(UTC-05:00)", "Eastern Time", "次日", "未来", "再过", "今晨", "下周周一", "午夜12点",
    "3天后", "下月15号", "周末", "全天", "8点正", "谢谢", "聽日", "聽晚", "朝早", "晏晝",
    "兩個鐘", "個半鐘", "半個鐘", "禮拜六", "晚上2点", "晚上5点",
]  # fmt: skip
