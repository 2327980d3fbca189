"""五必访's tab title, which carries how many things need the chair ("五必访（3）"). The
window shows it from the start, before the tab is built (the tab and the roster its
forms need are made when it is first opened). Once built, the tab keeps it current."""

from __future__ import annotations

from unionapp.db.engine import Database

TITLE = "五必访"


def tab_title(count: int) -> str:
    return f"{TITLE}（{count}）" if count else TITLE  # full-width, as 首页（4587）


def attention_count(db: Database) -> int:
    """Overdue planned visits and retirements ahead with no visit (services.visit_reads)."""
    from unionapp.services.visit_reads import attention

    return len(attention(db))
