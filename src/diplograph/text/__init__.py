"""The generic text toolkit the mapping modules are built from.

Everything here works on the document text with character offsets kept exact, so every fact can
point back to its source span.
"""
