"""Import and export formats, each in one module; pure Python, no Django."""
