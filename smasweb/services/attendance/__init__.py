"""Attendance (chuyên cần): whose classes, the roll call of a day and its save."""
