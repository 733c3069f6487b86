"""The reporting calendar: entry windows, the rules that generate periods, the
Department's admin of both, and unlock requests."""
