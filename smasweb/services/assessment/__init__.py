"""Assessment by the circulars: the curriculum, the rules, marks and results."""
