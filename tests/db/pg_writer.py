"""One officer's copy of the app, for the two-writers test: adds its members, waits at the
barrier, then records visits (which post to the ledger) and manual ledger entries as fast
as it can, all dated DAY.
Usage: python pg_writer.py URL NAME COUNT DAY
The barrier: it prints "ready" once its members exist, then blocks reading stdin until the
test writes "go" — which the test does only after every writer said "ready"."""

from __future__ import annotations

import sys
from datetime import date

from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import ledger, members, visits
from unionapp.services.ledger import EntryInput
from unionapp.services.visits import VisitInput


def main(url: str, name: str, count: int, day: date) -> None:
    db = open_database(url)
    hospital = next(t for t in visits.list_types(db) if t.code == "hospital")
    with db.session() as s:
        category = ledger.category_id_for_code(s, "sports")
    people = [members.add_member(db, MemberInput(name=f"{name}{i}")) for i in range(count)]
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit("no start signal")
    for i, person in enumerate(people):
        visits.add_visit(
            db,
            VisitInput(
                member_id=person,
                type_id=hospital.id,
                visit_date=day,
                money_fen=30_000,
                reason=f"住院{i}",
                visitors=name,
            ),
        )
        ledger.add_entry(
            db, EntryInput(entry_date=day, category_id=category, amount_fen=100 + i, summary=f"{name} 购买活动用品 {i}")
        )
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), date.fromisoformat(sys.argv[4]))
