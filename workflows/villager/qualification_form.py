"""The 资格联审表 of the villager-committee candidates (SD-24, SD-40, paper-formats §12d).

The same form as the Party track's, with the offices of the villager committee and the
three levels of SD-24: the village's first review in its own box (村级初审意见), the
township's in the next (镇党委初审意见), the county departments in the table. Internal
paper: full ID numbers. Drafted read-only, rendered anywhere, archived in one short write.
"""

from __future__ import annotations

from models import Document
from printing.documents import qualification_form as form
from workflows.core import documents
from workflows.core import qualification as shared
from workflows.core.errors import InvalidInput
from workflows.core.scope import ElectionScope
from workflows.core.text import format_date, msg
from workflows.villager import qualification as review
from workflows.voters import api as voters


def _month(day) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def _opinion(line: shared.DepartmentLine) -> form.DepartmentOpinion:
    """A unit's row as entered for it alone: blank (for handwriting) until recorded."""
    return form.DepartmentOpinion(
        line.department, line.result + (f"：{line.finding}" if line.finding else ""),
        line.reviewer, line.leader, format_date(line.reviewed_on) if line.reviewed_on else "")


def _level_box(lines: list[shared.DepartmentLine]) -> form.DepartmentOpinion | None:
    """One level's box: its unit's opinion; several units of one level are named in it."""
    if not lines:
        return None
    first = _opinion(lines[0])
    if len(lines) == 1:
        return first
    text = "；".join(f"{line.department}：{line.result}{'：' + line.finding if line.finding else ''}"
                    for line in lines if line.result)
    return form.DepartmentOpinion(first.department, text, first.reviewer, first.leader, first.date_text)


def qualification_spec(scope: ElectionScope) -> form.QualificationFormSpec:
    """The forms of every reviewed candidate (cancelled ones too: the file keeps them)."""
    everyone = review.nominees(scope)
    facts = voters.particulars(scope.session, [c.voter_id for c in everyone])
    posts = review.posts(scope, [c.id for c in everyone])
    wanted = review.units(scope)
    county = [name for name in wanted if shared.review_level(name) == shared.COUNTY]
    people = []
    for row in everyone:
        data = review.review_form(scope, row.id)
        by_level: dict[str, list[shared.DepartmentLine]] = {}
        for line, level in zip(data.units, data.levels, strict=True):
            by_level.setdefault(level, []).append(line)
        particulars = facts.get(row.voter_id)
        post = posts.get(row.id)
        people.append(form.QualificationCandidate(
            name=row.name, sex=row.sex, ethnicity=particulars.ethnicity if particulars else "",
            birth_month=_month(row.birth_date), id_number=row.id_number,
            political_status=particulars.political_status if particulars else "",
            education=particulars.education if particulars else "",
            current_post=post.current_post if post else "",
            proposed_office=f"村民委员会{data.office_label}",
            checks=[form.CheckAnswer(line.number, line.answer,
                                     "；".join(t for t in (line.evidence, line.window) if t))
                    for line in data.items],
            reviews=[_opinion(line) for line in by_level.get(shared.COUNTY, [])],
            township_review=_level_box(by_level.get(shared.TOWNSHIP, [])),
            village_review=_level_box(by_level.get(shared.VILLAGE, []))
            or form.DepartmentOpinion("村级初审")))
    return form.QualificationFormSpec(
        title=f"{scope.village.name}“两委”换届村民委员会成员候选人资格联审表", township=scope.township.name,
        candidates=people, items=list(shared.disqualifier_items(scope.profile)), departments=county)


def plan_qualification_form(scope: ElectionScope) -> documents.Draft:
    """Draft the forms of all reviewed candidates (read only; render it anywhere)."""
    if not review.nominees(scope):
        raise InvalidInput({"general": msg("尚无村委会候选人，无法生成资格联审表")})
    return documents.draft(scope.session, "qualification_form", qualification_spec(scope),
                           documents.Placement.of_election(scope.session, scope.election))


def post_qualification_form(scope: ElectionScope, draft: documents.Draft, pdf: bytes) -> Document:
    """Archive the rendered forms (one short write)."""
    return documents.archive(scope.session, [draft], [pdf])[0]


def issue_qualification_form(scope: ElectionScope) -> Document:
    """Draft, render and archive in one go (the demo, tests)."""
    draft = plan_qualification_form(scope)
    return post_qualification_form(scope, draft, documents.render(draft))
