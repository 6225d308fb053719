"""Sector dashboards: traffic safety, security, land, health, education and tourism on one template."""
