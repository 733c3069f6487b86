"""Quality accreditation (kiểm định chất lượng) and national standard records."""
