"""Imports of values and targets from XLSX and CSV files in the documented template."""
