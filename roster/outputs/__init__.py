"""Writing plannings and other results to disk, atomically."""
