# sorted/list.sort with key and reverse; stability.
people = [("alice", 30), ("bob", 25), ("carol", 30), ("dave", 25), ("eve", 35), ("frank", 30)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people))
by_name_len = sorted(people, key=lambda p: len(p[0]))
print(by_name_len)
nums = [5, -3, 2, -8, 0, 7, -1]
print(sorted(nums), sorted(nums, key=abs), sorted(nums, reverse=True), sorted(nums, key=lambda x: x * x, reverse=True))
words = ["Banana", "apple", "cherry", "Apple", "banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: w[-1]))
data = list(range(20))
data.sort(key=lambda x: x % 3)
print(data)
data.sort(key=lambda x: x % 3, reverse=True)
print(data)
mixed = [3.5, 1, 2.25, -1, True, 0.0]
print(sorted(mixed))
print(sorted("hello world"), sorted((3, 1, 2)), sorted({3: "a", 1: "b"}), sorted(range(5, 0, -1)))
records = [{"n": "x", "v": 2}, {"n": "y", "v": 1}, {"n": "z", "v": 2}]
print(sorted(records, key=lambda r: r["v"]))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)


class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit

    def __lt__(self, other):
        return self.rank < other.rank

    def __repr__(self):
        return f"{self.rank}{self.suit}"


cards = [Card(5, "h"), Card(2, "s"), Card(5, "d"), Card(9, "c"), Card(2, "h")]
print(sorted(cards), max(cards, key=lambda c: c.rank), min(cards))
big = [(i * 7919) % 1000 for i in range(300)]
big.sort()
print(big[:10], big[-10:], big == sorted(big))
