"""Reports: one table description (`model.Report`) rendered to xlsx, PDF, CSV and the printer.

    from unionapp.reports.members import roster      # or birthdays, retirements
    from unionapp.reports.funds import disclosure_report  # or budget_, execution_, ledger_report
    from unionapp.reports.output import export
    export(roster(rows, union_name), "花名册.pdf")

Modules: model (Column, Report, Chart, masking, totals), charts (a Chart drawn in the PDF
and as an Excel chart), xlsx / pdf (+ pdf_layout, fonts) / csv
writers, output.export (format by extension, errors as Chinese ExportError), files
(temporary file + atomic rename, cancel and progress), printing (the PDF onto a QPrinter).
The Qt dialogs live in unionapp.ui.report_export.
"""
