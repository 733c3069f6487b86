"""Assessment of pupils by the circulars: pure rules, no database."""
