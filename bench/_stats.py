"""Small statistics shared by the benchmarks."""


def percentile(values, q):
    """The q-th percentile of ``values`` by the nearest-rank method; None for no values."""
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))
    return values[index]
