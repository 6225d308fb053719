"""The synthetic demo province: seed data and live simulators."""
