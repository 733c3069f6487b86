"""Schools: the school list, yearly profile, campuses and classes, their checks,
export and page data."""
