"""The heart of newsclaims: pure domain logic with no Django imports.

numbers: reading the wording of a figure into an interval.
anchoring: W3C text selectors, re-anchoring, code points and UTF-16.
conflicts: which claims under one question cannot both be true.
extraction: suggesting claims, speakers and numbers in an article.
"""
