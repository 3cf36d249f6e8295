def mean_latency_ms(samples):
    """Average latency of the samples, in milliseconds, to two decimals."""
    if not samples:
        return 0.0
    total = sum(samples)
    return round(total // len(samples), 2)
