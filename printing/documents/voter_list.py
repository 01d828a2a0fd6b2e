"""参加选举村民名单公告: the voter list posted per villager group (VC-10, SD-23).

Public: name, sex, birth year and month, group and category only — never ID numbers
or phone numbers (DESIGN.md privacy rule).

The registration category is printed in words (Organic Law art. 13), the columns are as
wide as their content (a date or an eight-character name never wraps), and 备注 is left
out when no row has a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from printing.documents import DocumentKind, register_kind
from printing.layout import Footer
from printing.lists import render_list


@dataclass(frozen=True)
class VoterListRow:
    """One listed voter as printed."""

    name: str
    sex: str
    birth_month: str  # “1980年5月”
    group: str
    category: str  # “1”, “2”, “3” (printed in words, see CATEGORY_WORDS) or already words
    note: str = ""


@dataclass(frozen=True)
class VoterListSpec:
    """The notice of one group (or of the whole village)."""

    title: str
    number: str
    intro: str
    rows: list[VoterListRow]
    closing_paragraphs: list[str] = field(default_factory=list)
    issuer: str = ""
    date_text: str = ""


HEADER = ["序号", "姓名", "性别", "出生年月", "村民小组", "登记类别", "备注"]
OPTIONAL = ("备注",)
# The three categories of Organic Law art. 13, in words of equal length:
# (一) 户籍在本村并且在本村居住; (二) 户籍在本村、不在本村居住、本人表示参加选举;
# (三) 户籍不在本村、在本村居住一年以上、本人申请并经村民会议或村民代表会议同意.
CATEGORY_WORDS = {"1": "户籍在本村并居住", "2": "户籍在本村不居住", "3": "居住本村一年以上"}


def category_words(category: str) -> str:
    """The registration category as printed (a code 1–3 in words; words pass through)."""
    return CATEGORY_WORDS.get(category.strip(), category)


def pdf_title(spec: VoterListSpec) -> str:
    """The title, plus the villager group when the notice lists one group only."""
    groups = {row.group for row in spec.rows}
    title = spec.title.replace("\n", "")
    return f"{title}（{groups.pop()}）" if len(groups) == 1 else title


def render(spec: VoterListSpec, footer: Footer) -> bytes:
    """A4 portrait list, header repeated on every page, 第X页 共Y页."""
    rows = [[str(i), r.name, r.sex, r.birth_month, r.group, category_words(r.category), r.note]
            for i, r in enumerate(spec.rows, start=1)]
    return render_list(spec.title, HEADER, rows, subtitle=spec.number, before=[spec.intro],
                       after=spec.closing_paragraphs, footer=footer, issuer=spec.issuer,
                       date_text=spec.date_text, optional_columns=OPTIONAL,
                       title_meta=pdf_title(spec))


register_kind(DocumentKind("voter_list", "选民名单公告", VoterListSpec, render, numbered=True))
