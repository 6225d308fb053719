"""Socio-economic indicators: catalogue, values, targets, derived status, imports."""
