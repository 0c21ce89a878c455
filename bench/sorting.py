# bench: default=120000 small=500
"""Sorting with key functions and closures: records sorted by lambdas and closure-made key
functions (single and multi-key, reversed, stable multi-pass), a merge sort driven by a
comparison closure, and an insertion sort on a short list; checksums of the orderings.

Usage: sorting.py [N]   number of records.
"""
import sys


class Record:
    def __init__(self, ident, age, score, name):
        self.ident = ident
        self.age = age
        self.score = score
        self.name = name

    def __repr__(self):
        return f"Record({self.ident}, {self.age}, {self.score}, {self.name!r})"


def make_records(n):
    state = 2024
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for i in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        age = 18 + state % 60
        score = (state >> 7) % 10007
        name = letters[(state >> 3) % 26] + letters[(state >> 11) % 26] + letters[i % 26]
        out.append(Record(i, age, score, name))
    return out


def attr_key(field):
    def key(rec):
        return getattr(rec, field)
    return key


def multi_key(*fields):
    getters = [attr_key(f) for f in fields]

    def key(rec):
        return tuple(g(rec) for g in getters)
    return key


def checksum(records):
    h = 0
    for r in records:
        h = (h * 1000003 + r.ident) & 0xFFFFFFFFFFFF
    return h


def merge_sort(items, less):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = merge_sort(items[:mid], less)
    right = merge_sort(items[mid:], less)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if less(right[j], left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def insertion_sort(items, key):
    items = list(items)
    for i in range(1, len(items)):
        x = items[i]
        kx = key(x)
        j = i - 1
        while j >= 0 and key(items[j]) > kx:
            items[j + 1] = items[j]
            j -= 1
        items[j + 1] = x
    return items


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120000
    recs = make_records(n)
    results = []
    results.append(checksum(sorted(recs, key=lambda r: r.score)))
    results.append(checksum(sorted(recs, key=attr_key("name"))))
    results.append(checksum(sorted(recs, key=multi_key("age", "name", "score"))))
    results.append(checksum(sorted(recs, key=lambda r: (-r.age, r.score), reverse=True)))
    # stable multi-pass: by score, then by age
    tmp = sorted(recs, key=attr_key("score"))
    tmp.sort(key=attr_key("age"))
    results.append(checksum(tmp))
    threshold = 5000

    def less(a, b):
        # closure over threshold: "high" scores first, then by name
        ha = a.score >= threshold
        hb = b.score >= threshold
        if ha != hb:
            return ha
        return a.name < b.name
    results.append(checksum(merge_sort(recs, less)))
    small = recs[:min(n, 1500)]
    results.append(checksum(insertion_sort(small, lambda r: r.score * 100 + r.age)))
    nums = [r.score for r in recs]
    nums.sort()
    words = sorted({r.name for r in recs})
    print("checksums", results)
    print("median score", nums[len(nums) // 2], "distinct names", len(words), words[:3])
    print("first", sorted(recs, key=multi_key("score", "ident"))[0])


main()
