NAME = "right"
