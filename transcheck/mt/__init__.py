"""Offline machine translation: engines behind one interface, routing, caching, protection."""
