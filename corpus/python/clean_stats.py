from statistics import fmean


def summary(values: list[float]) -> dict[str, float]:
    """Minimum, maximum and mean of a non-empty list."""
    if not values:
        raise ValueError("no values")
    return {"min": min(values), "max": max(values), "mean": fmean(values)}
