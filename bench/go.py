# bench: default=300 small=4
"""Monte-Carlo Go on a 9x9 board: random playouts driven by a seeded LCG (no `random`),
group/liberty flood fills, captures, suicide and simple-ko checks, eye avoidance, area scoring.
For each candidate first move a number of playouts is run; the best move is reported.

Usage: go.py [PLAYOUTS]   total playouts; prints the win statistics and chosen move.
"""
import sys

SIZE = 9
EMPTY = 0
BLACK = 1
WHITE = 2
OUTSIDE = 3


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state

    def below(self, n):
        return (self.next() >> 8) % n


class Board:
    def __init__(self):
        w = SIZE + 2
        self.width = w
        self.cells = [OUTSIDE] * (w * w)
        for y in range(1, SIZE + 1):
            for x in range(1, SIZE + 1):
                self.cells[y * w + x] = EMPTY
        self.neighbours = (-w, -1, 1, w)
        self.ko = -1
        self.moves = 0

    def copy(self):
        b = Board.__new__(Board)
        b.width = self.width
        b.cells = self.cells[:]
        b.neighbours = self.neighbours
        b.ko = self.ko
        b.moves = self.moves
        return b

    def empty_points(self):
        cells = self.cells
        return [p for p in range(len(cells)) if cells[p] == EMPTY]

    def group(self, p):
        """Return (stones, liberty_count) of the group at p."""
        cells = self.cells
        color = cells[p]
        stones = [p]
        seen = {p}
        libs = set()
        i = 0
        while i < len(stones):
            q = stones[i]
            i += 1
            for d in self.neighbours:
                r = q + d
                c = cells[r]
                if c == color:
                    if r not in seen:
                        seen.add(r)
                        stones.append(r)
                elif c == EMPTY:
                    libs.add(r)
        return stones, len(libs)

    def is_eye(self, p, color):
        cells = self.cells
        for d in self.neighbours:
            c = cells[p + d]
            if c != color and c != OUTSIDE:
                return False
        return True

    def play(self, p, color):
        """Try to play; return False (board unchanged) if illegal."""
        if p == self.ko or self.cells[p] != EMPTY:
            return False
        cells = self.cells
        other = 3 - color
        cells[p] = color
        captured = []
        for d in self.neighbours:
            r = p + d
            if cells[r] == other:
                stones, libs = self.group(r)
                if libs == 0:
                    captured.extend(stones)
                    for s in stones:
                        cells[s] = EMPTY
        if not captured:
            stones, libs = self.group(p)
            if libs == 0:
                cells[p] = EMPTY
                return False
        self.ko = captured[0] if len(captured) == 1 else -1
        self.moves += 1
        return True

    def score(self):
        """Area score: stones plus empty points surrounded by one color. Black minus white."""
        cells = self.cells
        total = 0
        for p in range(len(cells)):
            c = cells[p]
            if c == BLACK:
                total += 1
            elif c == WHITE:
                total -= 1
            elif c == EMPTY:
                b = w = False
                for d in self.neighbours:
                    n = cells[p + d]
                    if n == BLACK:
                        b = True
                    elif n == WHITE:
                        w = True
                if b and not w:
                    total += 1
                elif w and not b:
                    total -= 1
        return total


def playout(board, color, rng):
    passes = 0
    limit = SIZE * SIZE * 3
    while passes < 2 and board.moves < limit:
        candidates = board.empty_points()
        played = False
        while candidates:
            k = rng.below(len(candidates))
            p = candidates[k]
            candidates[k] = candidates[-1]
            candidates.pop()
            if board.is_eye(p, color):
                continue
            if board.play(p, color):
                played = True
                break
        passes = 0 if played else passes + 1
        color = 3 - color
    return board.score()


def best_move(playouts, rng):
    root = Board()
    # a few fixed opening stones so the position is not symmetric
    w = root.width
    root.play(3 * w + 3, BLACK)
    root.play(5 * w + 5, WHITE)
    root.play(3 * w + 7, BLACK)
    root.play(7 * w + 4, WHITE)
    moves = root.empty_points()
    wins = {}
    tries = {}
    for m in moves:
        wins[m] = 0
        tries[m] = 0
    total_score = 0
    for i in range(playouts):
        m = moves[i % len(moves)]
        b = root.copy()
        if not b.play(m, BLACK):
            continue
        s = playout(b, WHITE, rng)
        total_score += s
        tries[m] += 1
        if s > 0:
            wins[m] += 1
    best = None
    best_rate = -1.0
    for m in moves:
        if tries[m]:
            rate = wins[m] / tries[m]
            if rate > best_rate:
                best_rate = rate
                best = m
    return best, wins[best], tries[best], total_score


def main():
    playouts = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rng = Lcg(42)
    best, won, tried, total = best_move(playouts, rng)
    w = SIZE + 2
    print(f"playouts {playouts} total_score {total}")
    print(f"best move ({best % w}, {best // w}) won {won}/{tried}")


main()
