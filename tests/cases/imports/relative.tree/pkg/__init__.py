VALUE = "pkg-value"
