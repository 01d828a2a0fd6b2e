"""The 投票公告 from the stored arrangements (SD-26, PV-06, GC-16; paper-formats §7).

Issuing it records the milestone ``vote_notice_published`` with the notice's date; the legal
calendar judges that date (calendar days before the election day, CONV-04). A notice whose
content the arrangements no longer match is found by comparing with the archived spec.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import select

from models import Document
from printing.documents import spec_from_json, spec_to_json
from printing.documents.vote_notice import MobileBoxLine, OfficialLine, StationLine, VoteNoticeSpec
from workflows.core import documents
from workflows.core.errors import InvalidInput
from workflows.core.paper import ORGANIC_LAW, election_committee_name, join_titles, references
from workflows.core.scope import ElectionScope
from workflows.core.text import Msg, format_date, msg
from workflows.villager import officials as officials_
from workflows.villager import polling, polling_checks, proxies
from workflows.villager.offices import OFFICE_LABELS, seats

KIND = "vc_vote_notice"
FACT_KEY = "vote_notice_published"  # the legal calendar's milestone (township/stage_rules/schedule.py)
NOTICE_ROLES = ("chief_scrutineer", "scrutineer", "caller", "counter", "writer")


def _title(scope: ElectionScope) -> str:
    return f"{scope.village.name}{scope.election.term_label}村民委员会选举\n投票公告"


def _method(rows: list[polling.StationRow]) -> str:
    return "召开选举大会与设立投票站相结合" if any(not r.main for r in rows) else "召开选举大会集中投票"


def _places(main: polling.StationRow, rows: list[polling.StationRow]) -> tuple[str, list[StationLine]]:
    text = f"{main.name}设在{main.place}"
    if main.group_names:
        text += f"，{'、'.join(main.group_names)}的选民在{main.name}投票"
    stations = [StationLine(r.name, r.place, "、".join(r.group_names), r.hours) for r in rows if not r.main]
    return text + ("。各投票站及其负责的村民小组如下：" if stations else "。"), stations


def _boxes(scope: ElectionScope, boxes: list[polling.BoxRow]) -> list[MobileBoxLine]:
    watchers = officials_.box_scrutineers(scope)
    return [MobileBoxLine(box.name, box.area, "、".join(v.name for v in box.voters),
                          "、".join(o.name for o in watchers.get(box.id, []))) for box in boxes]


def _officials(scope: ElectionScope) -> list[OfficialLine]:
    rows = officials_.officials(scope)  # each role's names in surname-stroke order
    return [OfficialLine(str(officials_.ROLE_LABELS[role]), "、".join(r.name for r in rows if r.role == role))
            for role in NOTICE_ROLES if any(r.role == role for r in rows)]


def _voting(scope: ElectionScope) -> list[str]:
    """How to vote: the secret booths (SD-26), what fetches a ballot, proxies only in advance."""
    profile, limits = scope.profile, proxies.rules(scope)
    card = profile.get("voter_card_name")
    deadline = f"于{format_date(limits.deadline)}以前" if limits.deadline else "在选举日以前"
    candidates = "，候选人不得接受委托" if limits.not_candidate else ""
    counts = seats(scope.election)
    seat_text = "、".join(f"{OFFICE_LABELS[o]}{n}名" for o, n in counts.items())
    return [
        "选举大会会场和各投票站均设立秘密写票处，选民应当在秘密写票处填写选票。",
        f"选民凭{card}领取选票；受委托人凭村民选举委员会发放的委托投票证领取选票。",
        f"选举期间外出不能参加投票的选民，可以书面委托本村有选举权的近亲属代为投票，须{deadline}向村民选举委员会"
        f"办理，经审核后公布；每一选民接受委托不得超过{limits.max_principals}人，受委托人不得再委托他人{candidates}。"
        "选举日和投票现场不办理委托。",
        f"本次选举应选村民委员会{seat_text}。",
    ]


def notice_spec(scope: ElectionScope, issued_on: date) -> VoteNoticeSpec:
    """The notice as it would be posted on ``issued_on``."""
    day = scope.election.committee_election_day
    rows, boxes = polling.stations(scope), polling.boxes(scope)
    main = next(r for r in rows if r.main)
    refs = references(scope.profile, scope.township.name, scope.township.province)
    basis = join_titles([ORGANIC_LAW, *refs.province_measures, *refs.township_plan])
    intro = (f"根据{basis}的规定，经村民选举委员会研究决定，{scope.village.name}{scope.election.term_label}"
             f"村民委员会选举采取{_method(rows)}的方式，无记名投票、公开计票。现将投票有关事项公告如下：")
    weekday = "一二三四五六日"[day.weekday()]
    time_text = f"选举日为{format_date(day)}（星期{weekday}），选举大会投票时间为{main.hours}" + (
        "；各投票站的投票时间见下表。" if any(not r.main for r in rows) else "。")
    venue_text, stations = _places(main, rows)
    minimum = scope.profile.get("mobile_box_scrutineers")
    box_text = (f"流动票箱只限于年老体弱、患病、残疾等确有困难、不能到投票地点投票的选民使用，每个流动票箱由"
                f"{minimum}名以上监票人负责，投票结束后送到选举大会会场当众开箱。选民姓名按姓氏笔画为序。")
    return VoteNoticeSpec(
        title=_title(scope), number="", intro=intro, time_text=time_text, venue_text=venue_text,
        stations=stations, box_text=box_text if boxes else "", boxes=_boxes(scope, boxes),
        officials_text="下列人员姓名按姓氏笔画为序。", officials=_officials(scope), voting=_voting(scope),
        closing=scope.profile.get("notice_closing"), issuer=election_committee_name(scope.village.name),
        date_text=format_date(issued_on))


def issue_problems(scope: ElectionScope, issued_on: date) -> list[Msg]:
    """Why the notice cannot be posted on ``issued_on`` (empty: it can)."""
    day = scope.election.committee_election_day
    if day is None:
        return [msg("尚未设定村委会选举日")]
    if issued_on > scope.today:
        return [msg("公告日期{day}晚于今天", day=format_date(issued_on))]
    if issued_on >= day:
        return [msg("公告日期{day}不在选举日{vote}之前", day=format_date(issued_on), vote=format_date(day))]
    return [f.message for f in polling_checks.arrangement_findings(scope).blockers]


def timing_warning(scope: ElectionScope, issued_on: date) -> Msg | None:
    """Posting after the legal date is not refused — the notice must go up anyway — but the
    stage stays blocked until the election day is moved (SD-26, PV-06)."""
    due = next((m.due for m in scope.schedule_on(issued_on).milestones if m.key == FACT_KEY), None)
    if due is None or issued_on <= due:
        return None
    return msg("公告日期{day}晚于法定最迟日期{due}（选举日{days}日前），相差{late}日（SD-26）。公告后本阶段仍不能完成，"
               "须依法推迟选举日", day=format_date(issued_on), due=format_date(due),
               days=scope.profile.days("vote_notice_days"), late=(issued_on - due).days)


def issue(scope: ElectionScope, issued_on: date) -> Document:
    """Render, number and archive the notice; its date becomes the milestone's (the first
    posting counts: a later one re-posts changed arrangements)."""
    problems = issue_problems(scope, issued_on)
    if problems:
        raise InvalidInput({"issued_on": msg("{text}", text="；".join(str(p) for p in problems))})
    document = documents.issue(scope.session, KIND, notice_spec(scope, issued_on),
                               documents.Placement.of_election(scope.session, scope.election),
                               scope.notice_number())
    first = scope.facts.get(FACT_KEY)
    if first is None or issued_on < first:
        scope.record_fact(FACT_KEY, issued_on, "投票公告张贴")
    return document


def _content(spec: VoteNoticeSpec) -> str:
    return spec_to_json(dataclasses.replace(spec, number="", date_text=""))


def posted_differs(scope: ElectionScope) -> bool | None:
    """Whether the arrangements changed since the last notice (None: none posted)."""
    posted = scope.session.scalars(select(Document).where(
        Document.election_id == scope.election.id, Document.kind == KIND).order_by(Document.id.desc())).first()
    if posted is None or polling.main_venue(scope) is None or scope.election.committee_election_day is None:
        return None
    old = spec_from_json(VoteNoticeSpec, posted.spec_json)
    return _content(old) != _content(notice_spec(scope, scope.today))


@dataclasses.dataclass(frozen=True)
class NoticeState:
    """The notice as the page reports it: its legal day, when it went up, whether it still matches."""

    due: date | None
    posted_on: date | None
    changed: bool


def notice_state(scope: ElectionScope) -> NoticeState:
    """The milestone's due day, the recorded posting day and whether the arrangements changed since."""
    due = next((m.due for m in scope.schedule.milestones if m.key == FACT_KEY), None)
    return NoticeState(due, scope.facts.get(FACT_KEY), bool(posted_differs(scope)))
