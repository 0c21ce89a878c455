# Nested containers: deep access, mutation through aliases, copying, equality.
config = {
    "name": "demo",
    "servers": [{"host": "a", "ports": [80, 443]}, {"host": "b", "ports": [22]}],
    "limits": {"cpu": 2, "mem": {"soft": 512, "hard": 1024}},
}
print(config["servers"][0]["ports"][1], config["limits"]["mem"]["hard"])
config["servers"][1]["ports"].append(2222)
config["limits"]["mem"]["soft"] *= 2
print(config)
shallow = dict(config)
shallow["name"] = "copy"
shallow["limits"]["cpu"] = 8
print(config["name"], config["limits"]["cpu"])


def deep_copy(obj):
    if isinstance(obj, dict):
        return {k: deep_copy(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [deep_copy(v) for v in obj]
    return obj


deep = deep_copy(config)
deep["servers"][0]["host"] = "zzz"
print(config["servers"][0]["host"], deep["servers"][0]["host"], deep == config)
deep["servers"][0]["host"] = "a"
print(deep == config, deep is config)


def walk(obj, depth=0):
    pad = "  " * depth
    if isinstance(obj, dict):
        for k, v in obj.items():
            print(f"{pad}{k}:")
            walk(v, depth + 1)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            print(f"{pad}[{i}]")
            walk(v, depth + 1)
    else:
        print(f"{pad}{obj!r}")


walk(config)
tree = (1, (2, (3, (4, None))))
total = 0
while tree:
    total += tree[0]
    tree = tree[1]
print(total)
