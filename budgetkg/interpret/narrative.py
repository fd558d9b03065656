"""Facts stated in the narrative: staff numbers, and amounts the explanation sections state."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.layout import Paragraph
from budgetkg.model import Extraction, NarrativeStatement, Source, StaffFigure
from budgetkg.numbers import parse_amount
from budgetkg.recognise import compact

_NUMBER = r"(?P<amount>\d[\d,]*(?:\.\d+)?)"
_CHANGE = (
    r"(?:[，,](?:比|较)\d{4}年(?:预算)?(?P<direction>增加|减少)(?P<change>\d[\d,]*(?:\.\d+)?)万元"
    r"(?:[，,](?:增长|下降)(?P<percent>\d+(?:\.\d+)?)%)?)?"
)

_NOT_A_FUND = r"(?<!基金)(?<!拨款)(?<!资金)(?<!采购)(?<!经营)(?<!基本)(?<!项目)"
STATEMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "running-costs",
        re.compile(
            r"机关运行经费(?:共计安排支出|预算支出|预算为|支出决算为|决算为|支出|为)?"
            + _NUMBER
            + "万元"
            + _CHANGE
        ),
    ),
    (
        "procurement-total",
        re.compile(r"政府采购(?:支出)?(?:预算|决算)(?:支出合计|总额|金额|为)?" + _NUMBER + "万元" + _CHANGE),
    ),
    ("procurement-total", re.compile(r"政府采购(?:支出)?总额(?:为)?" + _NUMBER + "万元")),
    ("procurement-total", re.compile(r"年度政府采购金额(?:（[^）]{0,12}）)?为" + _NUMBER + "万元")),
    ("service-purchase-total", re.compile(r"政府购买服务支出合计" + _NUMBER + "万元")),
    ("three-public-total", re.compile(r"“三公”经费预算(?:安排|数为|为)?" + _NUMBER + "万元")),
    (
        "three-public-total",
        re.compile(r"“三公”经费[^。，,]{0,12}年初预算为[\d.]+万元[，,]支出决算为" + _NUMBER + "万元"),
    ),
    ("income-total", re.compile(_NOT_A_FUND + r"(?<!财政拨款)收入预算" + _NUMBER + "万元" + _CHANGE)),
    ("expenditure-total", re.compile(_NOT_A_FUND + r"支出预算" + _NUMBER + "万元" + _CHANGE)),
    ("income-expenditure-total", re.compile(r"(?<!财政拨款)收支总预算" + _NUMBER + "万元" + _CHANGE)),
    ("income-expenditure-total", re.compile(r"收入、支出预算总计" + _NUMBER + "万元")),
    ("fixed-assets-value", re.compile(r"固定资产金额为" + _NUMBER + "万元")),
    ("general-budget-total", re.compile(r"(?<=年)一般公共预算拨款" + _NUMBER + "万元" + _CHANGE)),
    ("performance-covered", re.compile(r"涉及预算支出" + _NUMBER + "万元")),
)
QUANTITY_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("assets-floor-area", re.compile(r"房屋面积共有" + _NUMBER + "平方米"), "平方米"),
    ("vehicles", re.compile(r"共有(?:各类)?车辆" + _NUMBER + "辆"), "辆"),
)
# Counts of one class of vehicle, read only where no total number of vehicles is stated.
VEHICLE_CLASS_PATTERN = re.compile(r"(?:一般执法执勤用车|特种专业技术用车|一般公务用车)" + _NUMBER + "辆")
STAFF_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("establishment", re.compile(r"共有编制(?P<count>\d+)人")),
    ("establishment", re.compile(r"(?<![政业属])编制(?P<count>\d+)名")),
    ("administrative-establishment", re.compile(r"行政编制(?P<count>\d+)[人名]")),
    ("public-institution-establishment", re.compile(r"事业(?:人员)?编制(?P<count>\d+)[人名]")),
    ("serving", re.compile(r"在职人员实有数(?P<count>\d+)人")),
    ("retired", re.compile(r"(?:离)?退休人员实有数(?P<count>\d+)人")),
)
_ORG_BEFORE = re.compile(r"([^。，；：:,;]+?)共有编制\d+人$")
WITHHELD_WORDS = ("涉密依法不予公开", "不予公开", "涉密")


@dataclass
class NarrativeText:
    """The narrative joined into one compact string, with a map back to its paragraphs."""

    text: str
    starts: list[int]
    paragraphs: list[Paragraph]
    document: str

    def source_at(self, position: int) -> Source:
        """The paragraph a character of the joined text came from."""
        paragraph = self.paragraphs[max(0, bisect_right(self.starts, position) - 1)]
        return Source(document=self.document, line=paragraph.line, page=paragraph.page)


def join_narrative(paragraphs: list[Paragraph], document: str, separator: str = "") -> NarrativeText:
    """Join paragraphs so that sentences broken across lines read as one (no separator)."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for paragraph in paragraphs:
        text = compact(paragraph.text)
        starts.append(length)
        parts.append(text + separator)
        length += len(text) + len(separator)
    return NarrativeText("".join(parts), starts, paragraphs, document)


def _decimal(text: str | None) -> Decimal | None:
    return parse_amount(text) if text else None


def read_narrative(paragraphs: list[Paragraph], extraction: Extraction) -> None:
    """Add staff figures and stated amounts found in the narrative."""
    document = extraction.document.name
    _read_staff(join_narrative(paragraphs, document, separator="。"), extraction)
    narrative = join_narrative(paragraphs, document)
    for topic, pattern in STATEMENT_PATTERNS:
        for match in pattern.finditer(narrative.text):
            change = _decimal(match.groupdict().get("change"))
            if change is not None and match.group("direction") == "减少":
                change = -change
            percent = _decimal(match.groupdict().get("percent"))
            if percent is not None and match.group("direction") == "减少":
                percent = -percent
            extraction.statements.append(
                NarrativeStatement(
                    topic=topic,
                    amount=_decimal(match.group("amount")),
                    quantity=None,
                    quantity_unit=None,
                    change_amount=change,
                    change_percent=percent,
                    text=match.group(0),
                    source=narrative.source_at(match.start()),
                )
            )
    quantity_patterns = list(QUANTITY_PATTERNS)
    if not QUANTITY_PATTERNS[-1][1].search(narrative.text):
        quantity_patterns.append(("vehicles", VEHICLE_CLASS_PATTERN, "辆"))
    for topic, pattern, unit in quantity_patterns:
        for match in pattern.finditer(narrative.text):
            extraction.statements.append(
                NarrativeStatement(
                    topic=topic,
                    amount=None,
                    quantity=_decimal(match.group("amount")),
                    quantity_unit=unit,
                    change_amount=None,
                    change_percent=None,
                    text=match.group(0),
                    source=narrative.source_at(match.start()),
                )
            )


def _read_staff(narrative: NarrativeText, extraction: Extraction) -> None:
    found: list[tuple[int, str, int, str]] = []
    for category, pattern in STAFF_PATTERNS:
        for match in pattern.finditer(narrative.text):
            found.append((match.start(), category, int(match.group("count")), match.group(0)))
    organisation = extraction.document.department_name
    for start, category, count, _ in sorted(found):
        if category == "establishment":
            before = narrative.text[max(0, start - 40) : start] + narrative.text[start : start + 12]
            owner = _ORG_BEFORE.search(re.sub(r"共有编制(\d+)人.*$", r"共有编制\1人", before))
            if owner:
                organisation = owner.group(1).split("。")[-1]
        extraction.staff.append(
            StaffFigure(
                organisation=organisation,
                category=category,
                headcount=count,
                source=narrative.source_at(start),
            )
        )


def mentions_withheld(narrative: NarrativeText) -> bool:
    """True when the narrative says that some amounts are withheld."""
    return any(word in narrative.text for word in WITHHELD_WORDS)
