"""Rule module: glossary (placeholder until implemented)."""
