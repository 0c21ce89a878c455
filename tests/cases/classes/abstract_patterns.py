# Common OO patterns: shapes with polymorphism, a stack class, a linked list, a bank account.
class Shape:
    def area(self):
        raise NotImplementedError(type(self).__name__ + " must implement area")

    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"


class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3.141592653589793 * self.r ** 2


shapes = [Rect(2, 3), Square(4), Circle(1), Circle(2.5)]
for s in sorted(shapes, key=lambda s: s.area()):
    print(s.describe())
try:
    Shape().describe()
except NotImplementedError as e:
    print("NotImplementedError:", e)


class Node:
    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt


class LinkedList:
    def __init__(self, items=()):
        self.head = None
        self.size = 0
        for it in reversed(list(items)):
            self.push(it)

    def push(self, v):
        self.head = Node(v, self.head)
        self.size += 1

    def __iter__(self):
        n = self.head
        while n:
            yield n.val
            n = n.next

    def __len__(self):
        return self.size

    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev

    def __repr__(self):
        return " -> ".join(map(str, self)) or "<empty>"


ll = LinkedList([1, 2, 3, 4])
print(ll, len(ll))
ll.reverse()
ll.push(0)
print(ll, len(ll), list(ll), 3 in ll, LinkedList())


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amt):
        if amt <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amt
        self.history.append(("dep", amt))
        return self

    def withdraw(self, amt):
        if amt > self.balance:
            raise ValueError(f"insufficient funds: {self.balance} < {amt}")
        self.balance -= amt
        self.history.append(("wd", amt))
        return self


acct = Account("ann").deposit(100).withdraw(30).deposit(5)
print(acct.balance, acct.history)
for bad in [lambda: acct.withdraw(1000), lambda: acct.deposit(-1)]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
