"""Export adapters: domain data -> file bytes, and import files -> checked domain data.

Modules (import the one you need; nothing heavy is loaded by importing this package):

- ``model``     what the writers read (ReportData, OrganisationData) and the JSON schema
- ``pdf``       the board report (reportlab)            ``docx``   the same report (python-docx)
- ``xlsx``      workbook and answer template (openpyxl)  ``tabular`` CSV and JSON
- ``figures``   the section chart as PNG (matplotlib, Agg)
- ``importer``  reading the CSV/XLSX template and JSON exports, with every problem named
- ``safety``    formula neutralising for spreadsheets, markup escaping for the PDF
- ``labels``    Dutch wording and number formats shared by the writers

The use cases around them (which round, where files go, transactions) are in
:mod:`readiness.services.reports`; the formats are documented in ``docs/export-schema.md``.
"""
