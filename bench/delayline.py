#!/usr/bin/env python3
"""A user-space delay line between two network namespaces (this kernel has no netem).

It attaches to one TUN device in each namespace and copies every IP packet read from one to the
other after a fixed delay, so the two namespaces see a point-to-point link with the given one-way
latency and no bandwidth limit or loss. Give the TUN devices a large MTU (e.g. 65000): fewer, larger
packets keep this Python loop from becoming the bottleneck.

    delayline.py --delay-ms 25 NETNS_A:TUN_A NETNS_B:TUN_B [--ready FILE]

The TUN devices must already exist (ip tuntap add ... mode tun) in the named namespaces
(/run/netns/NAME, as `ip netns add` creates them). Needs CAP_NET_ADMIN and CAP_SYS_ADMIN (root).
Stops on SIGTERM or SIGINT.
"""
import argparse
import collections
import ctypes
import errno
import fcntl
import os
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
READ_BYTES = 65536 + 64


def open_tun_in(netns, device):
    """Enters the namespace, attaches to its TUN device, and returns a non-blocking fd."""
    libc = ctypes.CDLL(None, use_errno=True)
    ns_fd = os.open(os.path.join("/run/netns", netns), os.O_RDONLY)
    try:
        if libc.setns(ns_fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns(%s): %s" % (netns, os.strerror(err)))
    finally:
        os.close(ns_fd)
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", device.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def run(delay_s, fd_a, fd_b, ready):
    queues = {fd_a: collections.deque(), fd_b: collections.deque()}  # packets waiting to leave *from* fd
    peer = {fd_a: fd_b, fd_b: fd_a}
    poller = select.epoll()
    poller.register(fd_a, select.EPOLLIN)
    poller.register(fd_b, select.EPOLLIN)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    if ready:
        with open(ready, "w") as f:
            f.write("%d\n" % os.getpid())
    forwarded = 0
    while not stopping:
        now = time.monotonic()
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(due) - now) if due else 1.0
        try:
            events = poller.poll(timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd, _ in events:
            queue = queues[fd]
            while True:
                try:
                    packet = os.read(fd, READ_BYTES)
                except BlockingIOError:
                    break
                queue.append((now + delay_s, packet))
        now = time.monotonic()
        for fd, queue in queues.items():
            out = peer[fd]
            while queue and queue[0][0] <= now:
                _, packet = queue.popleft()
                try:
                    os.write(out, packet)
                    forwarded += 1
                except OSError as e:
                    if e.errno not in (errno.EAGAIN, errno.EIO, errno.EINVAL):
                        raise
    print("delayline: forwarded %d packets" % forwarded, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, required=True, help="one-way delay in milliseconds")
    parser.add_argument("--ready", help="file to write our pid to once both devices are attached")
    parser.add_argument("a", help="NETNS:TUN of one end")
    parser.add_argument("b", help="NETNS:TUN of the other end")
    args = parser.parse_args()
    fd_a = open_tun_in(*args.a.split(":", 1))
    fd_b = open_tun_in(*args.b.split(":", 1))
    run(args.delay_ms / 1000.0, fd_a, fd_b, args.ready)


if __name__ == "__main__":
    main()
