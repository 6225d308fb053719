"""Alert rules (data, not code), their evaluation as data arrives, and the alerts they fire."""
