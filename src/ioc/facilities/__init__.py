"""Facilities: one registry of places (hospitals, schools, sites, hotels, posts, cameras) and their figures."""
