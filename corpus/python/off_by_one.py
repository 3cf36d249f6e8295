def last_n_average(values, n):
    """The mean of the last n values."""
    window = values[-n:]
    total = 0
    for i in range(len(window) + 1):
        total += window[i]
    return total / len(window)
