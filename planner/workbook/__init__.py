"""workbook wing."""
