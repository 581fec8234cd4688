"""Numbers in an answer, read as numbers: 58, 2.5 kg, 五斤, 四千斤, two days, 5%.

A digit is always a number. A Chinese or English number word counts only when a unit or
measure word follows it (五斤, 一箱, two days), so 一级棒, 一定 and 第一 are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerbot.practice.words import normalize

MONEY, WEIGHT, COUNT, TIME, PERCENT, NONE = "money", "weight", "count", "time", "percent", ""

# Longest first within a kind matters for the alternation below.
_UNITS: dict[str, tuple[str, ...]] = {
    MONEY: ("块钱", "元", "块", "毛", "角", "yuan", "rmb", "kuai", "dollars", "dollar"),
    WEIGHT: (
        "公斤",
        "千克",
        "斤",
        "克",
        "kgs",
        "kg",
        "kilos",
        "kilo",
        "grams",
        "gram",
        "g",
        "lbs",
        "lb",
        "pounds",
        "pound",
        "jin",
        "catties",
        "catty",
        "tons",
        "ton",
        "吨",
        "两",  # 二两装: two liang of tea; 两斤 still reads as two jin, the numeral first
        # A volume sizes the product as a weight does: "sesame oil 500ml", 香油500毫升.
        "毫升",
        "升",
        "ml",
        "litres",
        "litre",
        "liters",
        "liter",
    ),
    TIME: (
        "个小时",
        "小时",
        "钟头",
        "分钟",
        "个月",
        "星期",
        "天",
        "日",
        "周",
        "月",
        "号",
        "点",
        "hours",
        "hour",
        "hrs",
        "hr",
        "h",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "minutes",
        "mins",
        "am",
        "pm",
    ),
    PERCENT: ("%", "percent", "per cent", "pct", "折", "个百分点", "个点"),  # 扣5个点: a fee of 5%
    COUNT: (
        "箱",
        "盒",
        "瓶",
        "罐",
        "袋",
        "枚",
        "个",
        "颗",
        "只",
        "份",
        "件",
        "包",
        "筐",
        "棵",
        "株",
        "串",
        "篮",
        "亩",
        "桶",
        "提",
        "人",
        "位",
        "次",
        "单",
        "年",
        "boxes",
        "box",
        "jars",
        "jar",
        "bags",
        "bag",
        "eggs",
        "egg",
        "pieces",
        "piece",
        "pcs",
        "pc",
        "bottles",
        "bottle",
        "trays",
        "tray",
        "cartons",
        "carton",
        "crates",
        "crate",
        "trees",
        "tree",
        "acres",
        "acre",
        "mu",
        "dozen",
        "heads",
        "head",
        "packs",
        "pack",
        "orders",
        "order",
        "buyers",
        "people",
        "kinds",
        "years",
        "year",
    ),
}
_UNIT_KIND = {unit: kind for kind, units in _UNITS.items() for unit in units}
_UNIT = "|".join(sorted(map(re.escape, _UNIT_KIND), key=len, reverse=True))
# 罐子, 箱子, 袋子 are the nouns jar, box, bag, not measure words: "茶40 罐子6" is 40 for tea.
_NOT_A_MEASURE = "(?!子)"
_LATIN_UNIT_END = r"(?![a-z])"
# 包邮 is free shipping and 包装 packing: the 包 after a number there is no measure word.
_NOT_UNITS_BEFORE = {"包": "邮装"}

_HAN_DIGITS = {
    "零": 0,
    "〇": 0,
    "几": 3,  # 几千斤: a few thousand
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_HAN_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "half": 0.5,
    "a few": 3,
    "few": 3,
    "several": 3,
    "a couple of": 2,
    "couple of": 2,
}

_ARABIC = re.compile(
    rf"(?P<cur>[¥$]\s*)?(?P<value>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?)"
    rf"(?:\s*(?:[-~～到至]|to)\s*(?P<high>\d+(?:\.\d+)?))?"
    rf"\s*(?P<unit>(?:{_UNIT}){_LATIN_UNIT_END}{_NOT_A_MEASURE})?"
)
_HAN_NUMBER = re.compile(
    rf"(?<!第)(?P<value>[零〇一二两三四五六七八九十百千万亿几]+|半)(?:多|来|余|几)?"
    rf"\s*(?P<unit>{_UNIT}){_NOT_A_MEASURE}"
)
# A Chinese numeral without a unit is a number only with a scale in it (三十六, 二百): bare
# digits are too often words (一定, 一起, 一级棒). Not 十分 (very), 千万 (by all means),
# 十全十美, 百分百 or 百分之.
_HAN_BARE_NUMBER = re.compile(
    r"(?<![第百分之零〇一二两三四五六七八九十千万亿几])"
    r"(?P<value>[一二两三四五六七八九]?[十百千][零〇一二两三四五六七八九十百千]*)"
    r"(?![分足全美万亿之零〇一二两三四五六七八九十百千几多来余])"
)
_NAME_SCALES = {"百", "千"}
# 3块5, 1块2毛, 两块五: yuan and tenths written together, as money is said aloud.
_YUAN_AND_TENTHS = re.compile(
    r"(?P<yuan>\d+|[一二两三四五六七八九十百]+)\s*[块元]"
    r"(?P<tenths>\d|[一二两三四五六七八九])(?![\d.十百千万])"
    rf"(?:[毛角]|(?!\s*(?:{_UNIT})))"
)
_TENTHS = {"毛": 0.1, "角": 0.1}  # 5毛: half a yuan
_HAN_PERCENT = re.compile(r"百分之\s*(?P<value>[零〇一二两三四五六七八九十]+|\d+(?:\.\d+)?)")
_WORD_NUMBER = re.compile(
    rf"\b(?P<value>{'|'.join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True))})"
    rf"(?P<scale>\s+(?:hundred|thousand))?\s+(?:of\s+)?(?P<unit>(?:{_UNIT}){_LATIN_UNIT_END})"
)
_SCALE = {"hundred": 100, "thousand": 1000}


@dataclass(frozen=True)
class Number:
    value: float
    unit: str  # as written, "" when none follows
    kind: str  # money, weight, count, time, percent, or "" when no unit says
    start: int
    end: int
    high: float | None = None  # the top of a range such as 25-30; None when not a range

    @property
    def top(self) -> float:
        return self.value if self.high is None else self.high


def han_value(numeral: str) -> float:
    """四千 → 4000, 二十五 → 25, 两万三 → 23000, 半 → 0.5."""
    if numeral == "半":
        return 0.5
    total, section, digit = 0, 0, 0
    last_scale = 1
    for char in numeral:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        elif char in ("万", "亿"):
            total = (total + section + digit) * _HAN_SCALES[char]
            section, digit, last_scale = 0, 0, _HAN_SCALES[char]
        else:
            scale = _HAN_SCALES[char]
            section += (digit or 1) * scale
            digit, last_scale = 0, scale
    # Spoken shorthand: 两万三 is 23000, 三千五 3500, 三百五 350. A last digit right after a
    # scale of a hundred or more counts at a tenth of it; after 零 (一万零五) it is units.
    shorthand = len(numeral) >= 2 and numeral[-1] in _HAN_DIGITS and numeral[-2] in _HAN_SCALES
    if digit and shorthand and last_scale >= 100:
        digit *= last_scale // 10
    return float(total + section + digit)


def _digits(value: str) -> float:
    return float(value) if value[0].isdigit() else han_value(value)


def numbers(text: str) -> list[Number]:
    """Every number in the text, in order, with its unit when one follows."""
    text = normalize(text)
    found: list[Number] = []
    taken: list[range] = []

    def add(number: Number) -> None:
        if not any(number.start in span for span in taken):
            found.append(number)
            taken.append(range(number.start, number.end))

    # First, so that the digits of 百分之5 are not read as a number of their own.
    for match in _HAN_PERCENT.finditer(text):
        add(Number(_digits(match.group("value")), "%", PERCENT, match.start(), match.end()))
    for match in _YUAN_AND_TENTHS.finditer(text):
        value = _digits(match.group("yuan")) + _digits(match.group("tenths")) / 10
        add(Number(value, "元", MONEY, match.start(), match.end()))
    for match in _ARABIC.finditer(text):
        unit = match.group("unit") or ("元" if match.group("cur") else "")
        if (
            unit in _NOT_UNITS_BEFORE
            and text[match.end() : match.end() + 1] in _NOT_UNITS_BEFORE[unit]
        ):
            unit = "元" if match.group("cur") else ""  # 卖58包邮: free shipping, not 58 packs
        value = float(match.group("value").replace(",", ""))
        high = float(match.group("high")) if match.group("high") else None
        scale = _TENTHS.get(unit, 1)
        add(
            Number(
                value * scale,
                unit,
                _UNIT_KIND.get(unit, NONE),
                match.start(),
                match.end(),
                high * scale if high is not None else None,
            )
        )
    for match in _HAN_NUMBER.finditer(text):
        unit = match.group("unit")
        value = han_value(match.group("value")) * _TENTHS.get(unit, 1)
        add(Number(value, unit, _UNIT_KIND[unit], match.start(), match.end()))
    for match in _HAN_BARE_NUMBER.finditer(text):
        if match.group("value") in _NAME_SCALES:
            continue  # 百香果, 千岛湖: a lone 百 or 千 with no unit is part of a name
        value = han_value(match.group("value"))
        add(Number(value, "", NONE, match.start(), match.end()))
    for match in _WORD_NUMBER.finditer(text):
        unit = match.group("unit")
        scale = _SCALE[match.group("scale").strip()] if match.group("scale") else 1
        value = _WORD_NUMBERS[match.group("value")] * scale
        add(Number(value, unit, _UNIT_KIND[unit], match.start(), match.end()))
    return sorted(found, key=lambda number: number.start)


def has_number(text: str) -> bool:
    return bool(numbers(text))


def has_duration(text: str) -> bool:
    """A time such as 48 hours, 2到4天, two days, 3 pm."""
    return any(number.kind == TIME for number in numbers(text))
