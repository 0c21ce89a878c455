value = (1,
