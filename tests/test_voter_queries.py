"""The voter table's queries: the in-memory search gives what the database search gives."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from models import Voter
from tests.conftest import make_election, make_township
from workflows.core.idcard import make_id
from workflows.voters.voter_queries import VoterFilter, matching_ids, search_texts

NAMES = ["王伟", "王芳", "李娜", "张伟", "欧阳娜娜", "Ahmet", "阿依古丽·买买提", "王%", "李_明"]


@pytest.fixture
def election_id(session):
    election = make_election(session, make_township(session), committee=date(2026, 12, 20))
    rows = [{"election_id": election.id, "village_id": election.village_id, "name": name,
             "sex": "男", "id_number": make_id("360102", date(1960 + i, 1 + i, 1 + i), 11 + 2 * i),
             "birth_date": date(1960 + i, 1 + i, 1 + i), "status": "removed" if i == 3 else "registered",
             "category": 1, "ethnicity": "", "education": "", "political_status": "",
             "phone": f"1380000{i:04d}", "notes": "", "removal_reason": "", "source": "import"}
            for i, name in enumerate(NAMES)]
    session.execute(insert(Voter), rows)
    return election.id


@pytest.mark.parametrize("text", ["王", "娜", "ahmet", "AHM", "%", "_", "3601", "0000", "0007", "x",
                                  "1960", "买买提", " 伟 ", "不存在"])
@pytest.mark.parametrize("status", ["registered", None])
def test_typing_filters_in_memory_exactly_as_the_database_search_does(session, election_id, text, status):
    listed = matching_ids(session, election_id, VoterFilter(status=status))
    expected = matching_ids(session, election_id, VoterFilter(text=text, status=status))
    assert search_texts(session, election_id).matching(listed, text) == expected


def test_an_empty_search_shows_the_whole_list(session, election_id):
    listed = matching_ids(session, election_id, VoterFilter())
    assert search_texts(session, election_id).matching(listed, "  ") == listed
    assert len(listed) == len(NAMES) - 1  # one removed
