"""Staff (đội ngũ): records, validation, rules, yearly assignments, transfers,
summary, Excel export, import and template."""
