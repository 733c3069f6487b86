"""Facilities (cơ sở vật chất): rooms, equipment, their Excel import and the
section V summary."""
