"""Demo data builders: `flask demo` fills a fresh database with a province's
units, schools, staff, pupils, calendars and reports (load.py drives the others)."""
