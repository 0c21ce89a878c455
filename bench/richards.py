# bench: default=600000 small=2000
"""Richards-like OO task scheduler: prioritized tasks (idle, worker, handlers, devices)
exchanging packets through queues, with virtual dispatch on task classes.

Usage: richards.py [IDLE_COUNT]   prints the queue/hold counters and a trace checksum.
"""
import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE = 0
KIND_WORK = 1


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.datum = 0
        self.data = [0, 0, 0, 0]

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    def __init__(self, sched, ident, priority, queue, waiting):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.waiting = waiting
        self.held = False
        self.next = None
        sched.add(self)

    def runnable(self):
        return not self.held and (self.queue is not None or not self.waiting)

    def run(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, sched, count):
        Task.__init__(self, sched, IDLE, 0, None, False)
        self.control = 1
        self.count = count

    def run(self, packet):
        s = self.sched
        self.count -= 1
        if self.count == 0:
            return s.hold_self()
        if self.control & 1 == 0:
            self.control >>= 1
            return s.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return s.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, sched, queue):
        Task.__init__(self, sched, WORKER, 1000, queue, True)
        self.dest = HANDLER_A
        self.letter = 0

    def run(self, packet):
        s = self.sched
        if packet is None:
            return s.wait()
        self.dest = HANDLER_B if self.dest == HANDLER_A else HANDLER_A
        packet.dest = self.dest
        packet.datum = 0
        data = packet.data
        for i in range(4):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            data[i] = self.letter
        return s.send(packet)


class HandlerTask(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue, True)
        self.work = None
        self.devices = None

    def run(self, packet):
        s = self.sched
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        w = self.work
        if w is not None:
            n = w.datum
            if n < 4:
                d = self.devices
                if d is not None:
                    self.devices = d.link
                    d.datum = w.data[n]
                    w.datum = n + 1
                    return s.send(d)
            else:
                self.work = w.link
                return s.send(w)
        return s.wait()


class DeviceTask(Task):
    def __init__(self, sched, ident, priority):
        Task.__init__(self, sched, ident, priority, None, True)
        self.pending = None

    def run(self, packet):
        s = self.sched
        if packet is None:
            p = self.pending
            if p is None:
                return s.wait()
            self.pending = None
            return s.send(p)
        self.pending = packet
        s.trace = (s.trace * 33 + packet.datum + self.ident) % 1000000007
        return s.hold_self()


class Scheduler:
    def __init__(self):
        self.tasks = [None] * 6
        self.head = None
        self.current = None
        self.queue_count = 0
        self.hold_count = 0
        self.trace = 0

    def add(self, task):
        self.tasks[task.ident] = task
        # keep the list sorted by descending priority
        if self.head is None or task.priority > self.head.priority:
            task.next = self.head
            self.head = task
            return
        t = self.head
        while t.next is not None and t.next.priority >= task.priority:
            t = t.next
        task.next = t.next
        t.next = task

    def wait(self):
        self.current.waiting = True
        return self.current

    def hold_self(self):
        self.hold_count += 1
        self.current.held = True
        return self.current.next

    def release(self, ident):
        t = self.tasks[ident]
        t.held = False
        if t.priority > self.current.priority:
            return t
        return self.current

    def send(self, packet):
        t = self.tasks[packet.dest]
        self.queue_count += 1
        packet.dest = self.current.ident
        if t.queue is None:
            packet.link = None
            t.queue = packet
            if t.priority > self.current.priority:
                return t
        else:
            t.queue = packet.append_to(t.queue)
        return self.current

    def schedule(self):
        t = self.head
        while t is not None:
            if not t.runnable():
                t = t.next
                continue
            self.current = t
            packet = t.queue
            if packet is not None:
                t.queue = packet.link
                t.waiting = False
            t = t.run(packet)


def run_once(count):
    s = Scheduler()
    IdleTask(s, count)
    work = Packet(None, 0, KIND_WORK)
    work = Packet(work, 0, KIND_WORK)
    WorkerTask(s, work)
    q = Packet(None, DEVICE_A, KIND_DEVICE)
    q = Packet(q, DEVICE_A, KIND_DEVICE)
    q = Packet(q, DEVICE_A, KIND_DEVICE)
    HandlerTask(s, HANDLER_A, 2000, q)
    q = Packet(None, DEVICE_B, KIND_DEVICE)
    q = Packet(q, DEVICE_B, KIND_DEVICE)
    q = Packet(q, DEVICE_B, KIND_DEVICE)
    HandlerTask(s, HANDLER_B, 3000, q)
    DeviceTask(s, DEVICE_A, 4000)
    DeviceTask(s, DEVICE_B, 5000)
    s.schedule()
    return s


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 600000
    rounds = 10
    total_q = total_h = 0
    for r in range(rounds):
        s = run_once(count // rounds + r)
        total_q += s.queue_count
        total_h += s.hold_count
    print(f"queue_count {s.queue_count} hold_count {s.hold_count} trace {s.trace}")
    print(f"totals {total_q} {total_h}")


main()
