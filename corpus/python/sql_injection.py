import sqlite3


def find_user(db: sqlite3.Connection, name: str):
    cursor = db.cursor()
    cursor.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    return cursor.fetchone()
