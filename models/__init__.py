"""ORM entities (SQLAlchemy 2.x, typed ``Mapped[]``); no Qt and no rules live here.

Importing this package registers every table on ``Base.metadata`` so Alembic and
``create_all`` see the whole schema.
"""

import models.count  # noqa: F401, E402  (the stored count, issue 12)
import models.villager_candidates  # noqa: F401, E402  (villager-committee tables, issue 11)
import models.villager_committee  # noqa: F401, E402
import models.villager_polling  # noqa: F401, E402
import models.villager_review  # noqa: F401, E402
from models.audit import AuditEvent, AuditHead
from models.base import Base
from models.calendar import CalendarDay, CalendarYear, StrokeOverride
from models.count import (
    CountBallot,
    CountBox,
    CountCandidate,
    CountCheckin,
    CountContest,
    CountDecision,
    CountEntry,
    CountRound,
    CountSheetLine,
)
from models.document import Document
from models.election import ElectionProcess, MilestoneFact, StageState
from models.party import (
    RELATIONSHIPS,
    AttendanceExclusion,
    DepartmentReview,
    DisqualifierCheck,
    Inspection,
    PartyCandidate,
    PartyMember,
    PartyTrack,
    Recommendation,
    Relative,
)
from models.township import Township, Village, VillageGroup
from models.villager_candidates import (
    VcCandidate,
    VcCandidateChange,
    VcCandidateMeeting,
    VcCandidateQuota,
    VcNomination,
    VcNominationBallot,
    VcNominationMark,
    VcNominationTotal,
)
from models.villager_committee import (
    CommitteeGroupMeeting,
    ElectionCommittee,
    ElectionCommitteeMember,
    SeatLabel,
)
from models.villager_polling import (
    VC_OFFICIAL_ROLES,
    VcMobileBox,
    VcMobileBoxVoter,
    VcOfficial,
    VcPollingStation,
    VcProxy,
    VcStationGroup,
)
from models.villager_review import (
    VcDepartmentReview,
    VcDisqualifierCheck,
    VcInspection,
    VcNomineePost,
)
from models.voter import (
    CATEGORY_LABELS,
    Objection,
    ReferenceRoll,
    ReferenceVoter,
    Voter,
    VoterCorrection,
    VoterPublication,
)

__all__ = [
    "RELATIONSHIPS",
    "AttendanceExclusion",
    "DepartmentReview",
    "DisqualifierCheck",
    "Inspection",
    "PartyCandidate",
    "PartyMember",
    "PartyTrack",
    "Recommendation",
    "ReferenceRoll",
    "ReferenceVoter",
    "Relative",
    "CATEGORY_LABELS",
    "AuditEvent",
    "AuditHead",
    "Base",
    "CalendarDay",
    "CalendarYear",
    "CountBallot",
    "CountBox",
    "CountCandidate",
    "CountCheckin",
    "CountContest",
    "CountDecision",
    "CountEntry",
    "CountRound",
    "CountSheetLine",
    "Document",
    "ElectionProcess",
    "MilestoneFact",
    "Objection",
    "StageState",
    "StrokeOverride",
    "Township",
    "VcCandidate",
    "VcCandidateChange",
    "VcCandidateMeeting",
    "VcCandidateQuota",
    "VcNomination",
    "VcNominationBallot",
    "VcNominationMark",
    "VcNominationTotal",
    "Village",
    "VillageGroup",
    "VC_OFFICIAL_ROLES",
    "VcDepartmentReview",
    "VcDisqualifierCheck",
    "VcInspection",
    "VcMobileBox",
    "VcMobileBoxVoter",
    "VcNomineePost",
    "VcOfficial",
    "VcPollingStation",
    "VcProxy",
    "VcStationGroup",
    "Voter",
    "VoterCorrection",
    "VoterPublication",
    "CommitteeGroupMeeting",
    "ElectionCommittee",
    "ElectionCommitteeMember",
    "SeatLabel",
]
