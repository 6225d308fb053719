"""Users, roles, agencies, tokens, API keys and the audit log."""
