"""Workbook importers: a workbook becomes validated rows, then a plan the user confirms."""
