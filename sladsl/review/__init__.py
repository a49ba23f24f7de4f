"""``sladsl review``: the service review pack for a review period (HTML, Markdown, Word)."""
