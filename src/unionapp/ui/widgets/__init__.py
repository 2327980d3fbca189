"""Pieces every area's UI shares: the form base and field readers, the reason dialog, table models, chart setup, the task runner and the report export dialog."""
