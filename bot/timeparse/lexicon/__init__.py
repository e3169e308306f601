"""The words and rules the tokenizer reads, one module per language (en, zh), and `RULES`: the
order in which the tokenizer tries them.
"""

from __future__ import annotations

from bot.timeparse.lexicon import en, zh
from bot.timeparse.tokens import _Rule

# The order the tokenizer tries the rules in: at each position the first rule that matches wins.
# Each language keeps its own order (see en.RULES and zh.RULES). All English rules come before all
# Chinese ones: no English rule and no Chinese rule can match at the same position, since the
# Chinese rules need a Chinese character (a numeral, a word, or 年 月 日 号 点 时 小时 分钟 ... after
# the digits) where the English ones need an ASCII letter or sign; the only rule that matches
# digits alone, zh.NUMBER, has to come after every English rule that starts with digits (`8pm`,
# `20:00`, `3h`, `11/28`) and does.
RULES: list[_Rule] = [
    *en.RULES,
    *zh.RULES,
]
