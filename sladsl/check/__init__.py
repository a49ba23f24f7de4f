"""Semantic checks of a parsed spec: names, units, tier tables (:mod:`.checker`, :mod:`.tiers`)."""
