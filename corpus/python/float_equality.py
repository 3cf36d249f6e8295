def is_balanced(debits, credits):
    """Whether the ledger balances."""
    total = sum(debits) - sum(credits)
    return total == 0.0
