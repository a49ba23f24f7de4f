"""``sladsl diff``: what a change to a spec means for each party, clause by clause."""
