"""The printed tables of the 代表 and 会议 pages (reports.congress: 代表名册, 会议签到表,
决议表决情况表; reports.congress_archive: the session's archive PDF) and the 代表 page's
import of a delegate list (导入代表名单…). Builders run on a worker and read through the
reports' own db readers; the report modules load on first use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from unionapp.db.engine import Database
from unionapp.domain.errors import DomainError

# Report key (the command line's name) → (menu title, file name ending).
DELEGATE_REPORTS = {
    "congress-delegates": ("代表名册（本届）", "代表名册"),
}
SESSION_REPORTS = {
    "congress-signin": ("会议签到表（所选会议）", "会议签到表"),
    "congress-resolutions": ("决议表决情况表（所选会议）", "决议表决情况表"),
    "congress-archive": ("会议档案（所选会议）", "教代会会议档案"),
}


def delegates_builder(db: Database, term_id: int):
    """代表名册: its phones are masked unless the export dialog's box is ticked."""
    from unionapp.reports import congress as reports

    return lambda full_id: reports.load_delegates_report(db, term_id, full=full_id)


def session_builder(db: Database, session_id: int | None, key: str):
    from unionapp.ui.widgets.report_export import without_personal_numbers

    if session_id is None:
        raise DomainError("请先在列表中选择一次会议")
    if key == "congress-archive":
        from unionapp.reports import congress_archive

        return without_personal_numbers(lambda _full: congress_archive.load_congress_archive(db, session_id))
    from unionapp.reports import congress as reports

    if key == "congress-signin":
        return without_personal_numbers(lambda _full: reports.load_signin_report(db, session_id))
    return without_personal_numbers(lambda _full: reports.load_resolutions_report(db, session_id))


def import_delegates(parent: QWidget, db: Database, term_id: int, done: Callable[[], None]):
    """导入代表名单… into the term (preview, then one write); keep what it returns."""
    from unionapp.ui.congress import delegate_import  # the importer loads on first use

    return delegate_import.start(parent, db, term_id, done)
