"""numpy arrays in and out when numpy is installed; nested lists otherwise."""

try:
    import numpy
except ImportError:  # pragma: no cover - depends on the installation
    numpy = None


def matrix(values, rows, cols):
    """A rows x cols block from row-major floats: a float32 ndarray, or a list of lists."""
    if numpy is not None:
        return numpy.asarray(values, dtype=numpy.float32).reshape(rows, cols)
    flat = list(values)
    return [flat[r * cols:(r + 1) * cols] for r in range(rows)]


def vector(values, double=False):
    """A 1-D float32 array (float64 for values the wire carries as doubles), or a list."""
    if numpy is not None:
        return numpy.asarray(values, dtype=numpy.float64 if double else numpy.float32)
    return list(values)


def join_rows(blocks, cols):
    if numpy is not None:
        return numpy.concatenate(blocks, axis=0) if blocks else numpy.zeros((0, cols), numpy.float32)
    return [row for block in blocks for row in block]


def rows_of(values, what):
    """A 2-D input (ndarray, list of lists, or one flat vector = one row) as a list of float lists."""
    if numpy is not None and isinstance(values, numpy.ndarray):
        if values.ndim == 1:
            values = values.reshape(1, -1)
        if values.ndim != 2:
            raise ValueError("%s: expected a 1-D or 2-D array, got %d dimensions" % (what, values.ndim))
        return values.astype(float).tolist()
    values = list(values)
    if values and not hasattr(values[0], "__len__"):
        values = [values]
    rows = [[float(x) for x in row] for row in values]
    if rows and any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("%s: rows of different lengths %s" % (what, sorted({len(r) for r in rows})))
    return rows


def flat(values, what):
    if numpy is not None and isinstance(values, numpy.ndarray):
        if values.ndim != 1:
            raise ValueError("%s: expected a 1-D array, got shape %s" % (what, values.shape))
        return values.astype(float).tolist()
    return [float(x) for x in values]


def mask_bytes(mask, rows, cols):
    """A rows x cols boolean mask as protocol bytes: row-major bits, least significant first."""
    cells = [bool(x) for row in rows_of(mask, "mask") for x in row]
    if len(cells) != rows * cols:
        raise ValueError("mask: %d cells (expected: %d x %d = %d)" % (len(cells), rows, cols, rows * cols))
    out = bytearray((len(cells) + 7) // 8)
    for i, bit in enumerate(cells):
        if bit:
            out[i // 8] |= 1 << (i % 8)
    return bytes(out)
