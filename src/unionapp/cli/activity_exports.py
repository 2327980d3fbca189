"""The activities' and handouts' exports at the command line: which handout or activity
`--id` (or its absence) means, which year `--year` means, and who `--member` is.

Without `--id` the newest handout or activity (of `--year` when given) is used, and the
command says which; an unknown id, or none at all, is a usage error naming the choices."""

from __future__ import annotations

from datetime import date

from unionapp.cli.common import UsageProblem, out
from unionapp.domain.dates import format_date
from unionapp.domain.text import shown, strip_unsafe
from unionapp.reports.activities import overview_report, prize_receipts_report, signin_report
from unionapp.reports.benefits import benefit_details_report, benefits_report
from unionapp.reports.handouts import handout_receipts_report
from unionapp.reports.model import Report
from unionapp.services import activities, handouts, members

SHOWN = 20  # choices listed in an error


def _chosen(rows, wanted: int | None, year: int | None, what: str, made_in: str) -> int:
    """--id when known; else the newest row (of --year when given), said on the console."""
    if wanted is not None:
        if any(r.id == wanted for r in rows):
            return wanted
        raise UsageProblem(f"找不到编号为 {wanted} 的{what}。" + _choices(rows, what))
    of_year = [r for r in rows if year is None or r.year == year]
    if not of_year:
        where = f"{year} 年没有{what}" if year else f"还没有任何{what}"
        raise UsageProblem(f"{where}，请先在“{made_in}”中新建{what}。" + (_choices(rows, what) if rows else ""))
    row = of_year[0]
    out(f"未指定 --id，使用最新的{what}：编号 {row.id}　{row.name}（{format_date(_day(row))}）")
    return row.id


def _day(row) -> date:
    return getattr(row, "handout_date", None) or row.date_from


def _choices(rows, what: str) -> str:
    lines = [f"  {r.id}　{r.name}（{format_date(_day(r))}）" for r in rows[:SHOWN]]
    more = [f"  ……另有 {len(rows) - SHOWN} 个" for _ in [0] if len(rows) > SHOWN]
    return f"\n可选的{what}（编号　名称），请用 --id 编号 指定：\n" + "\n".join(lines + more)


def _newest_first(rows):
    return sorted(rows, key=lambda r: (_day(r), r.id), reverse=True)


def _handout(db, args) -> int:
    return _chosen(_newest_first(handouts.list_handouts(db)), args.id, args.year, "发放", "活动与发放")


def _activity(db, args, with_prizes: bool = False) -> int:
    """The activity asked for; for a prize sheet without --id, the newest one that has prizes."""
    rows = _newest_first(activities.list_activities(db))
    if with_prizes and args.id is None:
        rows = [r for r in rows if r.prizes_fen] or rows
    return _chosen(rows, args.id, args.year, "活动", "活动与发放")


def member_id(db, wanted: str) -> int:
    """--member: a name (one member of that name) or a member's number."""
    every = members.list_members(db)
    # isdecimal, not isdigit: "²" is a digit int() refuses. The name typed is cleaned as
    # names are stored ("\u202e张丽" finds 张丽) and quoted back safely.
    if wanted.strip().isdecimal() and any(m.id == int(wanted) for m in every):
        return int(wanted)
    name = strip_unsafe(wanted).strip()
    if not name:
        raise UsageProblem("--member 后面请写会员的姓名或会员编号。")
    named = [m for m in every if m.name == name]
    if len(named) == 1:
        return named[0].id
    if not named:
        raise UsageProblem(f"找不到名叫“{shown(name)}”的会员，请检查姓名。")
    listed = "\n".join(f"  {m.id}　{m.name}（{m.group_name or '未分组'}）" for m in named)
    raise UsageProblem(f"有 {len(named)} 位会员叫“{shown(name)}”，请用 --member 会员编号 指定：\n{listed}")


def _year(args) -> int:
    """--year within reason (date() refuses year 99999 with an English error), else this year."""
    if args.year is None:
        return date.today().year
    if not 1900 <= args.year <= 2100:
        raise UsageProblem(f"年份 {args.year} 不合理，请写成 {date.today().year} 这样的四位数。")
    return args.year


def activity_report(db, args) -> Report:
    """The report named by args.report, for the handout, activity or year asked for."""
    year = _year(args)
    if args.report == "handout-receipts":
        return handout_receipts_report(db, _handout(db, args))
    if args.report == "activity-signin":
        return signin_report(db, _activity(db, args))
    if args.report == "prize-receipts":
        return prize_receipts_report(db, _activity(db, args, with_prizes=True))
    if args.report == "activities":
        return overview_report(db, year)
    if args.member is not None:
        return benefit_details_report(db, year, member_id(db, args.member))
    return benefit_details_report(db, year) if args.detail else benefits_report(db, year)
