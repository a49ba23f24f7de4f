"""``sladsl fmt``: the canonical layout of a spec, keeping every comment and word of prose."""
