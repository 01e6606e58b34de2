"""The explorer over HTTP on loopback: hostile requests (path traversal, huge or
chunked bodies, a foreign Host, garbage, silence) get a 4xx or a closed connection
and the server lives on; 200 requests from 8 clients are all answered correctly
(each run's answer equal to the one computed alone first) or with 503 when the
simulations at once are at their bound; SIGTERM stops the server cleanly.
Python's standard library only. Usage: test_http.py REINTEGRA SOURCE_DIR"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

RG, SRC = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)


def start():
    proc = subprocess.Popen(
        [RG, "explore", "--port", "0", "--agents", "1000", "--months", "12", "--max-agents",
         "3000", "--max-runs", "2", "--timeout", "2", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        sys.exit("FAIL: the explorer did not start: %r %s" % (line, proc.stderr.read()))
    url = urllib.parse.urlparse(line.split()[2])
    return proc, url.hostname, url.port


def request(port, method, path, body=None, headers=None, timeout=120, chunked=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        r = c.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        c.close()


def raw(port, data, wait=0.0, timeout=10):
    """Send raw bytes; return what comes back before the server closes (or timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        time.sleep(wait)
        got = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            got += chunk
        return got
    finally:
        s.close()


def error_of(status, body, lo=400, hi=499):
    ok = lo <= status <= hi
    try:
        msg = json.loads(body)["error"]
    except (ValueError, KeyError):
        msg = None
    return ok, msg


def hostile(port):
    for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../../etc/passwd",
                 "/explore.js/../../../etc/passwd", "/index.html", "/api/levers%00"]:
        st, body, _ = request(port, "GET", path)
        ok, msg = error_of(st, body)
        check(st == 404 and msg, "GET %s: %d %r" % (path, st, body[:200]))
    st, body, _ = request(port, "GET", "/api/levers", headers={"Host": "evil.example"})
    check(st == 403 and error_of(st, body)[1], "a foreign Host header: %d" % st)
    st, body, _ = request(port, "POST", "/api/run", body=b"x" * 100000)
    check(st == 413 and error_of(st, body)[1], "a 100 kB body: %d" % st)
    st, body, _ = request(port, "POST", "/api/run", body=iter([b"{" + b" " * 8000] * 4),
                          headers={"Transfer-Encoding": "chunked"}, chunked=True)
    check(st == 413, "a chunked 32 kB body: %d" % st)
    got = raw(port, b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
              b"1000000000\r\n\r\n{}")
    check(got.startswith(b"HTTP/1.1 413"), "Content-Length of 1 GB: %r" % got[:60])
    st, body, _ = request(port, "GET", "/" + "a" * 40000)
    check(400 <= st < 500, "a 40 kB URL: %d" % st)
    st, body, _ = request(port, "GET", "/", headers={"X-%d" % k: "y" * 200 for k in range(300)})
    check(400 <= st < 500, "300 long headers: %d" % st)
    got = raw(port, b"HELLO THERE\r\n\r\n")
    check(got == b"" or got.startswith(b"HTTP/1.1 4"), "a garbage request line: %r" % got[:60])
    got = raw(port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(200))
    check(got == b"" or got.startswith(b"HTTP/1.1 4"), "a TLS hello: %r" % got[:60])
    t0 = time.time()
    got = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", timeout=15)
    check(got == b"" and time.time() - t0 < 10, "a silent client is not cut off: %.1f s, %r"
          % (time.time() - t0, got[:60]))
    for body, says in [(b"{", "expected a string"), (b'{"levers": {"nope": 1}}', "unknown lever"),
                       (b'{"levers": {"ban_the_box_coverage": 7}}', "out of range"),
                       (b'{"agents": 1000000}', "out of range")]:
        st, got, _ = request(port, "POST", "/api/run", body=body)
        ok, msg = error_of(st, got)
        check(st == 400 and msg and says in msg, "POST %r: %d %r" % (body, st, got[:200]))
    st, body, headers = request(port, "GET", "/")
    check(st == 200 and b"<title>" in body, "the page after the hostile requests: %d" % st)
    check("default-src 'none'" in headers.get("Content-Security-Policy", ""),
          "no security policy on the page")


SETTINGS = [
    {},
    {"levers": {"ban_the_box": True}},
    {"levers": {"ban_the_box": True, "ban_the_box_coverage": 0.5}},
    {"levers": {"fresh_start": True, "fresh_start_mode": "automatic", "fresh_start_years": 0.5}},
    {"levers": {"cbt": True, "cbt_places": 150}},
    {"levers": {"record_weight": 0.1}},
    {"levers": {"jobs_open": 20}},
    {"levers": {"stigma_campaign": True}},
    {"seed": 2, "levers": {"mentoring": True}},
    {"seed": 2, "levers": {"supported_housing": True}},
    {"agents": 2000, "levers": {"training": True}},
    {"agents": 2000, "person": 5, "levers": {"race_penalty": 0.2}},
]


def answer_of(body):
    a = json.loads(body)
    a.pop("timing")
    return a


def load(port, reference):
    results = {"ok": 0, "busy": 0, "bad": []}
    lock = threading.Lock()

    def client(k):
        for i in range(25):
            n = k * 25 + i
            kind = n % 4
            try:
                if kind == 0:
                    st, body, _ = request(port, "GET", "/" if n % 8 else "/explore.js")
                    good = st == 200 and len(body) > 1000
                elif kind == 1:
                    st, body, _ = request(port, "GET", "/api/levers")
                    good = st == 200 and len(json.loads(body)["levers"]) >= 20
                else:
                    s = (n * 7 + k) % len(SETTINGS)
                    st, body, _ = request(port, "POST", "/api/run",
                                          body=json.dumps(SETTINGS[s]).encode())
                    if st == 503:
                        good = "busy" in json.loads(body)["error"]
                        with lock:
                            results["busy"] += 1
                    else:
                        good = st == 200 and answer_of(body) == reference[s]
            except Exception as e:  # a refused or broken connection is a failure
                st, good = repr(e), False
            with lock:
                if good:
                    results["ok"] += 1
                else:
                    results["bad"].append((k, i, st))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    print("load: %d requests in %.1f s, %d answered correctly (%d of them 503: busy), %d wrong"
          % (200, time.time() - t0, results["ok"], results["busy"], len(results["bad"])),
          flush=True)
    check(results["ok"] == 200, "wrong answers under load: %r" % results["bad"][:10])


def main():
    proc, _, port = start()
    try:
        hostile(port)
        reference = []
        for s in SETTINGS:
            st, body, _ = request(port, "POST", "/api/run", body=json.dumps(s).encode())
            check(st == 200, "reference %r: %d %r" % (s, st, body[:200]))
            reference.append(answer_of(body) if st == 200 else None)
        check(reference[0]["changed_people"] == 0, "the unchanged world differs from the baseline")
        for s, r in zip(SETTINGS[1:], reference[1:]):
            check(r["changed_people"] > 0, "%r changed nobody's life" % s)
        load(port, reference)
        st, body, _ = request(port, "GET", "/api/levers")
        check(st == 200, "the server after the load: %d" % st)
        check(proc.poll() is None, "the server died")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "killed after 60 s"
        err = proc.stderr.read()
        check(rc == 0, "the server's exit status after SIGTERM: %r %s" % (rc, err[-2000:]))
    if failures:
        sys.exit("FAIL: %d checks" % len(failures))
    print("ok")


main()
