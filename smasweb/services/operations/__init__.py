"""Operations: the database schema check, backups and restores."""
