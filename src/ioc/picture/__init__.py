"""The province at a glance: one live picture of every domain, for operators, leaders and the wall."""
