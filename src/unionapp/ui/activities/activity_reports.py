"""The 活动 page's printed tables (reports.activities: 活动签到表, 奖品发放签收表, 活动一览表)
and its import of a sign-up list (导入报名表…)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from unionapp.db.engine import Database
from unionapp.domain.errors import DomainError

if TYPE_CHECKING:
    from unionapp.ui.activities.activity_view import ActivitiesPage

# Report key (the command line's name) → (menu title, file name ending).
REPORTS = {
    "activity-signin": ("活动签到表（所选活动）", "活动签到表"),
    "prize-receipts": ("奖品发放签收表（所选活动）", "奖品发放签收表"),
    "activities": ("活动一览表（本年度）", "活动一览表"),
}


def builder(db: Database, year: int, activity_id: int | None, key: str):
    """The builder of report `key` (run on a worker); the report module loads on first use."""
    from unionapp.reports import activities as reports
    from unionapp.ui.widgets.report_export import by_columns

    if key == "activities":
        return by_columns(lambda _full_id: reports.overview_report(db, year), reports.OVERVIEW_COLUMNS)
    if activity_id is None:
        raise DomainError("请先在列表中选择一项活动")
    if key == "activity-signin":
        return by_columns(lambda _full_id: reports.signin_report(db, activity_id), reports.SIGNIN_COLUMNS)
    return by_columns(lambda _full_id: reports.prize_receipts_report(db, activity_id), reports.PRIZE_COLUMNS)


def import_action(page: ActivitiesPage) -> QAction:
    """导入报名表… into the selected activity (ui/widgets/signup_import: preview, then one write)."""

    def start() -> None:
        if page.editable and page.activity is not None:
            from unionapp.ui.widgets import signup_import  # the importer loads on first use

            page._import_flow = signup_import.start(page, page.db, page.activity.id, page.reload)

    action = page.make_action("导入报名表…", start)
    action.setToolTip("从Excel报名表（姓名、工会小组、项目、队伍、成绩、名次、签到）导入所选活动的报名")
    return action
