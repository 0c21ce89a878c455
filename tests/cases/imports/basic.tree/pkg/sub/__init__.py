loaded_order = ["sub"]
