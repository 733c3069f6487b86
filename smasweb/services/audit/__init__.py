"""The audit trail (written by the guard), its search, and the export log."""
