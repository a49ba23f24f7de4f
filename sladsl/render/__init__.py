"""Contract text: the AST rendered as HTML, Markdown, plain text and Word."""
