"""Preschool health checks (cân đo): WHO 2006 growth classification, class entry,
a child's growth chart and the counts of the preschool report (rows 107–116)."""
