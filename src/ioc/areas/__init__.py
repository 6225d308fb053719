"""Administrative units: provinces and communes/wards, boundaries, point → ward."""
