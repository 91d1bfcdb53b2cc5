"""Rule module: language (placeholder until implemented)."""
