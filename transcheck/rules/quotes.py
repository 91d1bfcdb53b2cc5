"""Rule module: quotes (placeholder until implemented)."""
