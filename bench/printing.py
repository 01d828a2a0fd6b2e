"""Printing throughput: render_list against a bare reportlab table of the same rows.

    python -m bench.printing [--rows 2000] [--big 5000] [--seed 1]

Renders a landscape voter list of ``--rows`` rows (序号, 姓名, 性别, 出生年月, 村民小组,
登记类别, 备注; random but realistic names) with :func:`printing.lists.render_list`, and
the same rows as one reportlab ``Table`` (repeatRows=1, same fonts and size) in a
``SimpleDocTemplate``. Prints time, pages and pages/s of each and the ratio (target
≤ 1.5), then times ``--big`` rows with render_list (target < 3 s).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle  # noqa: E402

from printing.fonts import HEI, SONG, resolve_font  # noqa: E402
from printing.layout import Footer  # noqa: E402
from printing.lists import LIST_TABLE, render_list  # noqa: E402

HEADER = ["序号", "姓名", "性别", "出生年月", "村民小组", "登记类别", "备注"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉建国志春梅海堃喆玥昇"
CATEGORIES = ("户籍在本村", "户籍在本村", "户籍在本村", "户籍在本村不在本村居住", "居住一年以上")
REMARK = "本人书面申请参加选举，经村民代表会议同意"


def make_rows(count: int, seed: int) -> list[list[str]]:
    """Random but realistic roster rows (2 % compound surnames, 3 % remarks)."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        surname = rng.choice(COMPOUND) if rng.random() < 0.02 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        rows.append([
            str(index + 1), surname + given, rng.choice("男女"),
            f"{rng.randint(1940, 2008)}年{rng.randint(1, 12)}月", f"第{rng.randint(1, 12)}村民小组",
            rng.choice(CATEGORIES), REMARK if rng.random() < 0.03 else "",
        ])
    return rows


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(func) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def ours(rows: list[list[str]]) -> bytes:
    return render_list(
        "青山村第十二届村民委员会选举选民名单", HEADER, rows, landscape=True,
        subtitle="（按村民小组排列）", footer=Footer("XY98-ZW76", "https://example.org/v/XY98-ZW76"),
        issuer="青山村村民选举委员会", date_text="2026年3月16日",
    )


def bare(rows: list[list[str]]) -> bytes:
    """One reportlab Table with the same fonts, size and header repetition."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=35 * mm,
                            rightMargin=37 * mm, topMargin=28 * mm, bottomMargin=26 * mm)
    spec = LIST_TABLE
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), resolve_font(SONG), spec.size, spec.line),
        ("FONT", (0, 0), (-1, 0), resolve_font(HEI), spec.size, spec.line),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ])
    doc.build([Table([HEADER, *rows], repeatRows=1, style=style)])
    return buffer.getvalue()


def report(label: str, seconds: float, pdf: bytes) -> int:
    count = pages(pdf)
    print(f"{label:<34} {seconds:6.2f} s  {count:4d} pages  {count / seconds:6.1f} pages/s  "
          f"{len(pdf) / 1024:6.0f} KB")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--big", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = make_rows(max(args.rows, args.big), args.seed)
    resolve_font(SONG), resolve_font(HEI)  # load fonts first: both sides share them
    ours(rows[:50])  # warm up caches
    t_ours, pdf_ours = timed(lambda: ours(rows[: args.rows]))
    t_bare, pdf_bare = timed(lambda: bare(rows[: args.rows]))
    report(f"render_list, {args.rows} rows", t_ours, pdf_ours)
    report(f"bare reportlab Table, {args.rows} rows", t_bare, pdf_bare)
    ratio = t_ours / t_bare
    print(f"ratio render_list / bare: {ratio:.2f} (target ≤ 1.5) {'OK' if ratio <= 1.5 else 'MISSED'}")
    t_big, pdf_big = timed(lambda: ours(rows[: args.big]))
    report(f"render_list, {args.big} rows", t_big, pdf_big)
    print(f"{args.big} rows: {t_big:.2f} s (target < 3 s) {'OK' if t_big < 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
