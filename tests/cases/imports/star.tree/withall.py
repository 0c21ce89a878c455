__all__ = ["public_a", "_hidden"]
public_a = "a"
public_b = "b"
_hidden = "h"
