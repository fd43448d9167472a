"""Public pages of the competition, one module per kind of page."""
