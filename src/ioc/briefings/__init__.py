"""Briefings: the weekly and monthly báo cáo giao ban for leaders, as PDF and XLSX, sent to subscribers."""
