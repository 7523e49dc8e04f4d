"""Headers for static files, which whitenoise serves before any middleware of
Django's could add them (WHITENOISE_ADD_HEADERS_FUNCTION)."""

# Stylesheets and scripts need no policy to be used by our pages; the policy
# matters if a static file is opened itself (an SVG, a stray HTML file): then
# it may run nothing and be framed by no one.
STATIC_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def add_headers(headers, path: str, url: str) -> None:
    headers["Content-Security-Policy"] = STATIC_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
