"""Accounts: users, login, passwords, sessions and login throttling."""
