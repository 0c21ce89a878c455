NAME = "left"
