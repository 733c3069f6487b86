"""Pupils (học sinh): records, validation, rules, search, movements, transfers,
roster, summary, Excel export, import and template."""
