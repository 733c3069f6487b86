"""Scheduled jobs: the runner (locks, reopened periods, report renders) and the
reminders it sends."""
