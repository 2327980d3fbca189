"""`unionapp template AREA -o FILE`: save the import template of one importer.

The drop-downs list the database's own groups, categories and visit types, so the
database is opened (read only in effect: nothing is written to it)."""

from __future__ import annotations

from pathlib import Path

from unionapp.cli.common import EXIT_OK, UsageProblem, out

_TAIL = {"checkups": " --campaign 体检批次编号", "activity": " --id 活动编号"}  # what the import also needs


def cmd_template(url: str, args) -> int:
    from unionapp.db.opening import open_database
    from unionapp.importers.fields import AREA_LABELS
    from unionapp.importers.templates import TemplateError, template_area, template_workbook
    from unionapp.reports.files import write_file

    try:
        area = template_area(args.area)
    except TemplateError as exc:
        raise UsageProblem(str(exc)) from None
    path = _xlsx_path(args.output)
    db = open_database(url, create=False)
    try:
        data = template_workbook(db, area)
    finally:
        db.dispose()
    write_file(path, data)
    out(
        f"已保存{AREA_LABELS[area]}导入模板：{path}\n"
        f"填写方法见其中的“填写说明”工作表；填好后可用 unionapp import {area} 文件名{_TAIL.get(area, '')} 导入。"
    )
    return EXIT_OK


def _xlsx_path(output: str) -> Path:
    """The file to write: .xlsx, added when no extension is given (refused as `export`
    refuses a format it does not write)."""
    from unionapp.domain.errors import DomainError

    path = Path(output)
    if path.suffix == "":
        return path.with_name(path.name + ".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise DomainError(f"导入模板只能保存为 .xlsx 文件，不能保存为“{path.suffix}”，请把文件名改为以 .xlsx 结尾。")
    return path
