#!/usr/bin/env python3
"""bench/http/hostile.py: the HTTP limits under hostile input, measured on a running server.

Starts bench_http_server (or any command given after --), then in turn: a 200 MiB body announced
by Content-Length, a 200 MiB chunked body, 1,000 idle connections, and 500 slowloris connections
dribbling header bytes; prints each outcome and the server's peak RSS (VmHWM) after each, so
"memory stays bounded" is a number. Loopback only; ends the server it started by its PID.
  bench/http/hostile.py [--server-cmd CMD ...]
"""
import os, select, socket, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIB = 1 << 20


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def rss_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return -1


def wait_healthy(port, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return True
        except OSError:
            time.sleep(0.01)
    return False


def stream_body(port, head, chunk_factory, total):
    """Sends head then body pieces until `total` bytes or the server answers/closes."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head)
    s.setblocking(False)
    sent, answer = 0, b""
    piece = chunk_factory()
    deadline = time.time() + 60
    while time.time() < deadline:
        r, w, _ = select.select([s], [s] if sent < total else [], [], 1)
        if r:
            try:
                data = s.recv(65536)
            except OSError:
                break
            if not data:
                break
            answer += data
        if w and sent < total:
            try:
                sent += s.send(piece)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                break
        if not r and not w and sent >= total:
            break
    s.close()
    return answer.split(b"\r\n", 1)[0].decode(errors="replace"), sent


def main():
    args = sys.argv[1:]
    port = free_port()
    cmd = [os.path.join(ROOT, "build/bench/bin/bench_http_server"), "--port", str(port)]
    if "--server-cmd" in args:
        cmd = args[args.index("--server-cmd") + 1:]
        cmd = [c.replace("{port}", str(port)) for c in cmd]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_healthy(port):
            print("server did not start"); return 1
        pid = server.pid
        print(f"baseline RSS {rss_kb(pid, 'VmRSS') / 1024:.1f} MB")

        head = (b"POST /api/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-key\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (200 * MIB))
        status, sent = stream_body(port, head, lambda: b"x" * 65536, 200 * MIB)
        print(f"200 MiB Content-Length body: {status!r} after {sent / MIB:.1f} MiB sent; "
              f"peak RSS {rss_kb(pid, 'VmHWM') / 1024:.1f} MB")

        head = (b"POST /api/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-key\r\n"
                b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        status, sent = stream_body(port, head, lambda: b"10000\r\n" + b"y" * 65536 + b"\r\n", 200 * MIB)
        print(f"200 MiB chunked body: {status!r} after {sent / MIB:.1f} MiB sent; "
              f"peak RSS {rss_kb(pid, 'VmHWM') / 1024:.1f} MB")

        idle = []
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", port)))
        time.sleep(0.5)
        refused = 0
        for s in idle:
            s.setblocking(False)
            try:
                if s.recv(64).startswith(b"HTTP/1.1 503"):
                    refused += 1
            except OSError:
                pass
        ok_while_full = wait_healthy(port, 2)
        print(f"1,000 idle connections: {refused} answered 503 (cap), /healthz while full: "
              f"{'ok' if ok_while_full else 'refused (cap reached)'}; peak RSS {rss_kb(pid, 'VmHWM') / 1024:.1f} MB")
        for s in idle:
            s.close()
        time.sleep(0.5)

        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(500)]
        start = time.time()
        line = b"POST /api/send HTTP/1.1\r\nHost: x\r\nX-Slow: "
        closed = 0
        i = 0
        while time.time() - start < 15 and closed < len(slow):
            closed = 0
            for s in slow:
                try:
                    s.send(line[i:i + 1] if i < len(line) else b"a")
                except OSError:
                    closed += 1
            i += 1
            time.sleep(0.2)
        print(f"500 slowloris connections: {closed} closed by the server within "
              f"{time.time() - start:.1f} s (request_timeout 10 s); peak RSS {rss_kb(pid, 'VmHWM') / 1024:.1f} MB")
        for s in slow:
            s.close()
        print("server still healthy:", wait_healthy(port, 5))
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
