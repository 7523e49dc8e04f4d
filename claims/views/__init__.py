"""Thin typed views, grouped by page. Each page is one template; the parts that
htmx swaps are partials of it, and every URL that returns a part to htmx
returns the whole page to a normal request."""
