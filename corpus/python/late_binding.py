def make_multipliers(count):
    """Functions that multiply by 0, 1, ..., count - 1."""
    multipliers = []
    for factor in range(count):
        multipliers.append(lambda x: x * factor)
    return multipliers
