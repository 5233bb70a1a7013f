"""The sheets of the roster workbook, one module each, on shared cell helpers (``cells``)."""
