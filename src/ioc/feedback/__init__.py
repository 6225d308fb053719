"""Citizen feedback (phản ánh hiện trường): Open311, workflow, routing, deadlines, public results."""
