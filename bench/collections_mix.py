# bench: default=300 small=12
"""Library containers and iterators in an algorithmic workload: breadth-first search over
a generated grid maze with `collections.deque`, tallies with `Counter` and `defaultdict`,
`namedtuple` records sorted by field, and `itertools` (product, combinations,
permutations, groupby, accumulate, islice, chain) over the results.

Usage: collections_mix.py [SIZE]   side of the square grid.
"""
import sys
from collections import Counter, defaultdict, deque, namedtuple
from itertools import accumulate, chain, combinations, groupby, islice, permutations, product

Cell = namedtuple("Cell", "row col dist")


def make_grid(n):
    state = 7
    grid = []
    for r in range(n):
        row = []
        for c in range(n):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            row.append((state >> 16) % 100 < 28 and (r, c) != (0, 0))
        grid.append(row)
    return grid


def bfs(grid, start):
    n = len(grid)
    dist = {start: 0}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        d = dist[(r, c)]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < n and 0 <= nc < n and not grid[nr][nc] and (nr, nc) not in dist:
                dist[(nr, nc)] = d + 1
                queue.append((nr, nc))
    return dist


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    grid = make_grid(n)
    total = 0
    by_dist = defaultdict(list)
    for start in islice(product(range(0, n, max(1, n // 6)), repeat=2), 16):
        if grid[start[0]][start[1]]:
            continue
        dist = bfs(grid, start)
        total += sum(dist.values())
        for (r, c), d in dist.items():
            by_dist[d % 7].append(Cell(r, c, d))
    hist = Counter(cell.dist // 10 for cells in by_dist.values() for cell in cells)
    ordered = sorted(chain.from_iterable(by_dist.values()), key=lambda c: (c.dist, c.row, c.col))
    runs = [(k, sum(1 for _ in g)) for k, g in groupby(ordered, key=lambda c: c.dist // 25)]
    pairs = sum(a.dist * b.dist for a, b in combinations(ordered[:300], 2)) % 1000003
    perms = sum(p[0] * 3 + p[-1] for p in permutations(range(7))) % 1000003
    prefix = list(accumulate(v for _, v in sorted(hist.items())))
    print(total, len(ordered), hist.most_common(3), runs[:4], pairs, perms, prefix[-1])


main()
