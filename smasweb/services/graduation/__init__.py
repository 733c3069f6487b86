"""Graduation (tốt nghiệp): THCS recognition and THPT exam results."""
