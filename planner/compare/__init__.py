"""compare wing."""
