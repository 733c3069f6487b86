"""THCS and THPT graduation (tốt nghiệp): rules, candidates and decisions."""
