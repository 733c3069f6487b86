"""State budget (ngân sách nhà nước): a school's budget lines per school year."""
