"""Publishing: the mkdocs plugin, generated reference pages and Pygments highlighting."""
