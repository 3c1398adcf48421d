"""accplan's application: workbook schema, reading and validation, CLI, plan reports, compare."""

__version__ = "0.1.0"
