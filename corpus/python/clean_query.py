import sqlite3


def orders_for(db: sqlite3.Connection, customer_id: int) -> list[tuple]:
    rows = db.execute(
        "SELECT id, total FROM orders WHERE customer_id = ? ORDER BY id", (customer_id,)
    )
    return rows.fetchall()
