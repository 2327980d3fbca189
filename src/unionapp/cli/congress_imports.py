"""`unionapp import delegates FILE --session N` (or `--term N`) and `unionapp import
proposals FILE --session N`: the congress's lists, with the contract of every import (the
file's problems on stderr, then all rows or none; --dry-run, --skip-errors, --map)."""

from __future__ import annotations

from pathlib import Path

from unionapp.cli.common import EXIT_OK, EXIT_REFUSED, UsageProblem, out

_LISTED = 30


def import_delegates(db, path: Path, args, mapping, refused_before_writing, applied) -> int:
    """A term's delegate list: new 选区 and delegates, all rows or none."""
    from unionapp.importers.delegates import apply_delegate_import, plan_delegate_import

    plan = plan_delegate_import(db, delegate_term_id(db, args), path, mapping=mapping)
    if plan.new_constituencies:
        out("将按工会小组新建选区：" + "、".join(plan.new_constituencies))
    code = refused_before_writing(plan, args)
    if code is not None:
        return code
    result = applied(lambda: apply_delegate_import(db, plan, skip_errors=args.skip_errors))
    if result is None:
        return EXIT_REFUSED
    made = f"，新建选区 {result.constituencies} 个" if result.constituencies else ""
    out(f"导入完成：“{plan.term_name}”新增代表 {result.added} 人{made}，跳过有问题的 {result.refused} 行。")
    return EXIT_OK


def import_proposals(db, path: Path, args, mapping, refused_before_writing, applied) -> int:
    """A session's past proposals with their screening, replies and feedback, all rows or none."""
    from unionapp.importers.proposals import apply_proposal_import, plan_proposal_import

    if getattr(args, "term", None) is not None and args.session is None:
        raise UsageProblem("提案属于某一次会议：请用 --session 会议编号 指定导入到哪次会议（不能只写 --term）。")
    plan = plan_proposal_import(db, session_id(db, args.session), path, mapping=mapping)
    code = refused_before_writing(plan, args)
    if code is not None:
        return code
    result = applied(lambda: apply_proposal_import(db, plan, skip_errors=args.skip_errors))
    if result is None:
        return EXIT_REFUSED
    out(f"导入完成：“{plan.session_name}”新增提案 {result.added} 件，跳过有问题的 {result.refused} 行。")
    return EXIT_OK


def delegate_term_id(db, args) -> int:
    """--term when given, else the term of --session, else the only term there is."""
    from unionapp.services import congress

    if args.session is not None and args.term is not None:
        raise UsageProblem("--session 和 --term 只写一个：代表名单导入到一届教代会。")
    if args.session is not None:
        return congress.get_session(db, session_id(db, args.session)).term_id
    terms = congress.list_terms(db)
    if args.term is not None:
        if any(t.id == args.term for t in terms):
            return args.term
        raise UsageProblem(f"找不到编号为 {args.term} 的教代会届次。" + _term_list(terms))
    if len(terms) == 1:
        return terms[0].id
    if not terms:
        raise UsageProblem("还没有任何教代会届次，请先在“教代会”中新建一届。")
    raise UsageProblem("有多届教代会，请用 --term 届次编号 指定导入到哪一届。" + _term_list(terms))


def session_id(db, wanted: int | None) -> int:
    """--session when given and known; else the only session there is; else a usage error
    listing the sessions to choose from."""
    from unionapp.services import congress

    every = congress.list_sessions(db)
    if wanted is not None:
        if any(s.id == wanted for s in every):
            return wanted
        raise UsageProblem(f"找不到编号为 {wanted} 的教代会会议。" + _session_list(every))
    if len(every) == 1:
        return every[0].id
    if not every:
        raise UsageProblem("还没有任何教代会会议，请先在“教代会 → 会议”中新建会议。")
    raise UsageProblem("请用 --session 会议编号 指定导入到哪次会议。" + _session_list(every))


def _term_list(terms) -> str:
    lines = [f"  {t.id}　{t.name}（{t.start_date} 至 {t.end_date}）" for t in terms[:_LISTED]]
    return "\n可选的届次（编号　名称）：\n" + "\n".join(lines) if lines else ""


def _session_list(sessions) -> str:
    lines = [f"  {s.id}　{s.title}（{s.session_date}）" for s in sessions[:_LISTED]]
    more = [f"  ……另有 {len(sessions) - _LISTED} 次"] if len(sessions) > _LISTED else []
    return "\n可选的会议（编号　名称）：\n" + "\n".join(lines + more) if lines else ""
