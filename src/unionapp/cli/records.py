"""The commands that write records: `init`, `demo` and `import AREA FILE`.

Every import has one contract: the file's problems on stderr (one Chinese line each),
then all rows or none; --dry-run only reports, --skip-errors imports the good rows."""

from __future__ import annotations

from pathlib import Path

from unionapp.cli.common import EXIT_OK, EXIT_REFUSED, UsageProblem, campaign_id, out


def cmd_init(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.services import settings

    db = open_database(url)
    try:
        current = settings.load(db)
        new = settings.UnionSettings(
            union_name=args.union_name or current.union_name,
            chair_name=args.chair or current.chair_name,
            operator=current.operator or (args.chair or ""),
            demo_offered=current.demo_offered,
        )
        if db.read_only:
            out("数据库文件是只读的：可以查看，但不能修改。", err=True)
            return EXIT_REFUSED
        settings.save(db, new)
        out(f"数据库已就绪：{db.sqlite_path or db.url.render_as_string(hide_password=True)}")
        return EXIT_OK
    finally:
        db.dispose()


def _demo_extras(db) -> str:
    """What the demo made beyond the years' records, counted rather than promised (a tiny
    demo school elects no congress)."""
    from unionapp.services import congress, hardship, proposals

    parts = []
    if congress.list_terms(db):
        parts.append(
            f"一届教代会（{len(congress.list_sessions(db))} 次会议、{len(proposals.list_proposals(db))} 件提案）"
        )
    if files := hardship.list_files(db, include_closed=True):
        parts.append(f"困难职工档案 {len(files)} 份")
    parts.append("年度工作计划")
    return "；还有" + "、".join(parts)


def cmd_demo(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.services.demo import create_demo

    db = open_database(url)
    try:
        made = create_demo(db, members_count=args.members, years=args.years, seed=args.seed)
        funds = (
            f"，以及 {args.years} 年的五必访走访记录、体检批次、发放和活动、经费预算和收支明细账（往年已结账）"
            if args.years > 0
            else ""
        )
        out(f"已生成演示数据：{made} 位会员{funds}{_demo_extras(db)}。")
        return EXIT_OK
    finally:
        db.dispose()


def cmd_import(url: str, args) -> int:
    from unionapp.gc_pause import gc_paused

    # Paused from the first import on: SQLAlchemy's modules alone are some hundred thousand
    # objects the collector would otherwise walk again while the rows are read.
    with gc_paused():
        return _cmd_import(url, args)


def _cmd_import(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.importers.fields import parse_cli_mappings
    from unionapp.importers.mapping import MappingError, remembered

    importers = {
        "members": _import_members,
        "ledger": _import_ledger,
        "visits": _import_visits,
        "checkups": _import_checkups,
        "handouts": _import_handouts,
        "activity": _import_activity,
        "delegates": _import_congress,
        "proposals": _import_congress,
        "hardship": _import_hardship,
    }
    try:
        given = parse_cli_mappings(args.area, args.map, args.map_value)
    except MappingError as exc:
        raise UsageProblem(str(exc)) from None
    db = open_database(url)
    try:
        mapping = remembered(db, args.area, None).merged(given)  # what is given now wins
        return importers[args.area](db, Path(args.file), args, mapping)
    finally:
        db.dispose()


def _import_members(db, path: Path, args, mapping) -> int:
    """The roster: new members added, known ones updated, all rows or none."""
    from unionapp.importers.members import apply_member_import, plan_member_import, updated_text

    plan = plan_member_import(db, path, mapping=mapping)
    if plan.new_groups:
        out("将新建工会小组：" + "、".join(plan.new_groups))
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = _applied(lambda: apply_member_import(db, plan, skip_errors=args.skip_errors))
    if result is None:
        return EXIT_REFUSED
    out(
        f"导入完成：新增 {result.added} 人，{updated_text(result.updated, result.changed_fields)}，"
        f"无变化 {len(plan.unchanged)} 人{plan.marks.summary()}，跳过 {result.refused} 行。"
    )
    return EXIT_OK


def _print_notes(plan) -> None:
    """What the reader did to the file's rows (merged cells filled in, far cells ignored)."""
    for note in plan.notes:
        out(f"注意：{note}")


def _refused_before_writing(plan, args) -> int | None:
    """Problems on stderr; the exit code when nothing is to be written (a dry run, or
    refused rows without --skip-errors), else None."""
    from unionapp.importers.fields import ignored_line, unknown_lines

    _print_notes(plan)
    if ignored_line(plan):
        out("注意：" + ignored_line(plan))
    for line in plan.problem_lines():
        out(line, err=True)
    for line in unknown_lines(plan):
        out(line, err=True)
    if args.dry_run:
        out(f"试运行（未写入）：{plan.summary()}")
        return EXIT_REFUSED if plan.refused and not args.skip_errors else EXIT_OK
    if plan.refused and not args.skip_errors:
        out(
            f"有 {len(plan.refused)} 行有问题，整个文件没有导入（没有写入任何数据）。"
            "请改正后重新导入，或加 --skip-errors 跳过这些行。",
            err=True,
        )
        return EXIT_REFUSED
    return None


def _import_ledger(db, path: Path, args, mapping) -> int:
    """Same contract as the members import: problems on stderr, all rows or none."""
    from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import

    plan = plan_ledger_import(db, path, mapping=mapping)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = apply_ledger_import(db, plan, skip_errors=args.skip_errors)
    opening = f"，设置期初余额 {result.openings} 个年度" if result.openings else ""
    out(f"导入完成：记账 {result.posted} 笔{opening}，跳过 {result.refused} 行。")
    return EXIT_OK


def _import_visits(db, path: Path, args, mapping) -> int:
    """A past register: the visits and their money in the ledger, all rows or none."""
    from unionapp.importers.errors import ImportRefused
    from unionapp.importers.visits import apply_visit_import, plan_visit_import

    plan = plan_visit_import(db, path, mapping=mapping)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    try:
        result = apply_visit_import(db, plan, skip_errors=args.skip_errors)
    except ImportRefused as refused:  # a row the service refused while saving: all rolled back
        for line in refused.lines():
            out(line, err=True)
        out("整个文件没有导入（没有写入任何数据）。", err=True)
        return EXIT_REFUSED
    out(f"导入完成：新增走访记录 {result.added} 条，已有相同记录 {result.existing} 条，跳过 {result.refused} 行。")
    return EXIT_OK


def _import_checkups(db, path: Path, args, mapping) -> int:
    """The hospital's returned list: results of one campaign, all rows or none."""
    from unionapp.importers.checkups import apply_checkup_import, plan_checkup_import

    plan = plan_checkup_import(db, campaign_id(db, args.campaign, None), path, mapping=mapping)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = apply_checkup_import(db, plan, skip_errors=args.skip_errors)
    out(
        f"导入完成：“{plan.campaign_name}”更新 {result.updated} 人，无变化 {result.unchanged} 人，"
        f"跳过 {result.refused} 行。"
    )
    return EXIT_OK


def _import_handouts(db, path: Path, args, mapping) -> int:
    """Past handouts: issued handouts and one ledger entry each, all rows or none; the
    spending rules' warnings need --reason."""
    from unionapp.domain.money import format_fen
    from unionapp.importers.handouts import apply_handout_import, plan_handout_import

    plan = plan_handout_import(db, path, mapping=mapping, defaults=_handout_defaults(args))
    if plan.missing:
        raise UsageProblem(
            f"“{path.name}”中没有{'、'.join(plan.missing)}列：请在文件中加上这些列，"
            '或用 --name "发放名称" --date 2024-03-08 指定整个文件的发放名称和日期（可再加 --kind 发放类型）。'
        )
    for line in plan.warning_lines():
        out(f"超出开支标准：{line}", err=True)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    if plan.warning_lines() and not (args.reason or "").strip():
        out('以上发放超出开支标准，需要写明理由：请加上 --reason "说明" 后重新导入（没有写入任何数据）。', err=True)
        return EXIT_REFUSED
    result = _applied(lambda: apply_handout_import(db, plan, skip_errors=args.skip_errors, reason=args.reason or ""))
    if result is None:
        return EXIT_REFUSED
    out(
        f"导入完成：新增已发放的发放 {result.added} 次，共 {result.recipients} 人次，合计 {format_fen(result.total_fen)} 元"
        f"（每次发放记入收支明细账一笔），已导入过的 {result.existing} 行跳过，跳过有问题的 {result.refused} 行。"
    )
    return EXIT_OK


def _handout_defaults(args):
    """--name/--date/--kind/--category: for the rows (or the file) that don't say them."""
    from unionapp.domain.dates import DateError, parse_date
    from unionapp.importers.handouts import HandoutDefaults

    try:
        day = parse_date(args.date) if args.date else None
    except DateError as exc:
        raise UsageProblem(f"--date：{exc}") from None
    return HandoutDefaults(args.name or "", day, args.kind or "", args.category or "")


def _applied(apply):
    """The result, or None after printing the rows the service refused while saving (all rolled back)."""
    from unionapp.importers.errors import ImportRefused

    try:
        return apply()
    except ImportRefused as refused:
        for line in refused.lines():
            out(line, err=True)
        out("整个文件没有导入（没有写入任何数据）。", err=True)
        return None


def _import_activity(db, path: Path, args, mapping) -> int:
    """A sign-up list of one activity (--id): all rows or none."""
    from unionapp.importers.activity import apply_activity_import, plan_activity_import

    if args.id is None:
        raise UsageProblem(
            "请用 --id 活动编号 指定导入哪个活动的报名表（编号见“活动与发放”或 unionapp export activities）。"
        )
    plan = plan_activity_import(db, args.id, path, mapping=mapping)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = apply_activity_import(db, plan, skip_errors=args.skip_errors)
    out(
        f"导入完成：“{plan.activity_name}”新增报名 {result.added} 人次，已报名过的 {result.existing} 行跳过，"
        f"跳过有问题的 {result.refused} 行。"
    )
    return EXIT_OK


def _import_congress(db, path: Path, args, mapping) -> int:
    """The congress's delegate list (--session/--term) or a session's proposals (--session)."""
    from unionapp.cli import congress_imports

    run = congress_imports.import_delegates if args.area == "delegates" else congress_imports.import_proposals
    return run(db, path, args, mapping, _refused_before_writing, _applied)


def _import_hardship(db, path: Path, args, mapping) -> int:
    """A hardship roster: a new file per member, all rows or none."""
    from unionapp.importers.hardship import apply_hardship_import, plan_hardship_import

    plan = plan_hardship_import(db, path, mapping=mapping)
    code = _refused_before_writing(plan, args)
    if code is not None:
        return code
    result = _applied(lambda: apply_hardship_import(db, plan, skip_errors=args.skip_errors))
    if result is None:
        return EXIT_REFUSED
    out(f"导入完成：新建困难职工档案 {result.added} 份，跳过有问题的 {result.refused} 行。")
    return EXIT_OK
