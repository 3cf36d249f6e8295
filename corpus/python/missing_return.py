def parse_port(text: str) -> int:
    """A TCP port from a string like "8080"; ValueError if it is not one."""
    port = int(text)
    if 0 < port < 65536:
        port
    raise ValueError(f"not a port: {text}")
