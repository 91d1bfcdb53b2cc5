"""Rule module: numbers (placeholder until implemented)."""
