"""Leaders' directives (nhiệm vụ chỉ đạo): tasks assigned to agencies, with deadlines and progress."""
