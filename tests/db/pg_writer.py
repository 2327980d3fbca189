"""One officer's copy of the app, for the two-writers test: waits for a start signal, then
records visits (which post to the ledger) and manual ledger entries as fast as it can.
Usage: python pg_writer.py URL NAME COUNT START_FILE"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import ledger, members, visits
from unionapp.services.ledger import EntryInput
from unionapp.services.visits import VisitInput


def main(url: str, name: str, count: int, start_file: Path) -> None:
    db = open_database(url)
    hospital = next(t for t in visits.list_types(db) if t.code == "hospital")
    with db.session() as s:
        category = ledger.category_id_for_code(s, "sports")
    people = [members.add_member(db, MemberInput(name=f"{name}{i}")) for i in range(count)]
    while not start_file.exists():  # both writers start together
        time.sleep(0.005)
    day = date.today() - timedelta(days=1)
    for i, person in enumerate(people):
        visits.add_visit(db, VisitInput(member_id=person, type_id=hospital.id, visit_date=day, money_fen=30_000,
                                        reason=f"住院{i}", visitors=name))
        ledger.add_entry(db, EntryInput(entry_date=day, category_id=category, amount_fen=100 + i,
                                        summary=f"{name} 购买活动用品 {i}"))
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
