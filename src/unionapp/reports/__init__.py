"""Reports: one table description (`model.Report`) rendered to xlsx, PDF, CSV and the printer.

    from unionapp.reports.members import roster      # or birthdays, retirements
    from unionapp.reports.funds import disclosure_report  # or budget_, execution_, ledger_report
    from unionapp.reports.output import export
    export(roster(rows, union_name), "花名册.pdf")

A report builder takes plain rows from the services (members, funds, visits, checkups,
audit); the public `*_report(db, ...)` functions read those rows through the services and
call a pure `build_*` function. No module here opens a session or imports the db package.

Modules: model (Column, Report, Chart, masking, totals), charts (a Chart drawn in the PDF
and as an Excel chart), xlsx / pdf (+ pdf_layout, fonts) / csv
writers, output.export (format by extension, errors as Chinese ExportError), files
(temporary file + atomic rename, cancel and progress), printing (the PDF onto a QPrinter).
The Qt dialogs live in unionapp.ui.widgets.report_export.
"""
