"""Editor support: the language server behind ``sladsl lsp`` (needs the ``lsp`` extra).

:mod:`.incremental` analyses a document as it is typed, re-parsing only the blocks an edit
touched; :mod:`.names`, :mod:`.contract`, :mod:`.completion`, :mod:`.outline` and
:mod:`.editing` answer the editor's questions; :mod:`.server` wires them to pygls.
"""
