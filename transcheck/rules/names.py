"""Rule module: names (placeholder until implemented)."""
