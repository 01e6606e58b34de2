"""The explorer in a real browser: headless Chromium, driven through the DevTools
protocol over a pipe (Python's standard library only), opens the page, switches
on Ban the Box with a mouse click and moves two sliders with the keyboard, waits
for the runs, and checks that the chart and the numbers changed, that the
baseline did not, and that the numbers on the page equal those of `reintegra run`
with the same settings, summarised by `reintegra summarize --json`. Any script
error, console error or refused load fails the test.
Usage: test_browser.py REINTEGRA SOURCE_DIR"""
import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

RG, SRC = sys.argv[1], sys.argv[2]
AGENTS, MONTHS = 5000, 24
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)


class Browser:
    """Chromium with --remote-debugging-pipe: commands on its fd 3, answers on fd 4,
    each a JSON message ended by a NUL byte."""

    def __init__(self):
        path = shutil.which("chromium") or shutil.which("chromium-browser")
        if not path:
            sys.exit("FAIL: chromium is not installed (Debian package chromium; "
                     "scripts/install-deps.sh installs it)")
        self.profile = tempfile.mkdtemp(prefix="rg-chromium-")
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # Out of the way of 3 and 4, so that the child can place them there.
        hi_r = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)

        def place():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        args = [path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + self.profile,
                "--remote-debugging-pipe", "--window-size=1280,2000", "about:blank"]
        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=place,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        for fd in (to_r, from_w, hi_r, hi_w):
            os.close(fd)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        self.session = self.send("Target.attachToTarget", {"targetId": target["targetId"],
                                                           "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(domain + ".enable")
        self.send("Page.navigate", {"url": url})

    def js(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("script: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def wait_for(self, expression, what, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js(expression):
                return True
            time.sleep(0.1)
        raise TimeoutError("waited %d s for %s" % (timeout, what))

    def key(self, name, code, times=1):
        for _ in range(times):
            for kind in ("keyDown", "keyUp"):
                self.send("Input.dispatchKeyEvent", {"type": kind, "key": name, "code": name,
                                                     "windowsVirtualKeyCode": code})

    def click(self, element_id):
        box = self.js("(() => { const r = document.getElementById(%s).getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
                      % json.dumps(element_id))
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def problems(self):
        found = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                found.append("script error: %s" % p.get("exceptionDetails", {}).get("text"))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append("console: %s" % p.get("args"))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                found.append("log: %s" % p["entry"].get("text"))
        return found

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=10)
            self.proc.wait(10)
        except Exception:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.to_w)
        os.close(self.from_r)
        shutil.rmtree(self.profile, ignore_errors=True)


SNAPSHOT = """(() => {
  const d = (id, cls) => document.querySelector('#chart-' + id + ' path.' + cls).getAttribute('d');
  const cells = {};
  for (const td of document.querySelectorAll('#headline td[data-world]'))
    cells[td.dataset.world + '/' + td.dataset.measure + '/' + td.dataset.year] = td.dataset.value;
  return {runs: Number(document.body.dataset.runs), changed: d('rearrested', 'changed'),
          baseline: d('rearrested', 'baseline'), employed: d('employed', 'changed'),
          cells, figures: document.getElementById('figures').textContent,
          story: document.querySelectorAll('#story-changed li').length,
          divergence: document.getElementById('story-divergence').textContent,
          request: window.rgExplore.lastRequest, reproduce: window.rgExplore.last.reproduce};
})()"""

IDLE = "document.body.dataset.state === 'idle' && !window.rgExplore.pending"


def summarize(sets, out):
    subprocess.run([RG, "run", os.path.join(SRC, "scenarios", "baseline.cfg"), "-q", "-o", out,
                    *sum([["--set", s] for s in sets], [])], check=True)
    r = json.loads(subprocess.run([RG, "summarize", out, "--json"], check=True,
                                  capture_output=True, text=True).stdout)
    return {"%s/%d" % (m, int(y[4:])): "%.4f" % v
            for m, years in r["recidivism"].items() for y, v in years.items()}


def cli_sets(request, levers):
    """The --set options of the page's last request, from the levers' parameters."""
    params = {l["name"]: l["param"] for l in levers}
    sets = ["run.seed=%d" % request["seed"], "run.agents=%d" % request["agents"],
            "run.months=%d" % request["months"]]
    for name, v in request["levers"].items():
        text = ("true" if v else "false") if isinstance(v, bool) else (
            repr(v) if isinstance(v, float) else str(v))
        sets.append("%s=%s" % (params[name], text))
    return sets


def compare(page, cli, world):
    for key, want in cli.items():
        got = page.get("%s/%s" % (world, key))
        check(got == want, "%s %s: the page shows %s, reintegra run gives %s"
              % (world, key, got, want))


def main():
    work = tempfile.mkdtemp(prefix="rg-explore-", dir=os.getcwd())
    os.chdir(work)
    server = subprocess.Popen([RG, "explore", "--port", "0", "--agents", str(AGENTS),
                               "--months", str(MONTHS), "--quiet"],
                              stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().split()[2]
    levers = json.loads(urllib.request.urlopen(url + "api/levers", timeout=30).read())["levers"]
    browser = Browser()
    try:
        browser.open(url)
        browser.wait_for("document.body && document.body.dataset.runs === '1' && " + IDLE,
                         "the first run")
        before = browser.js(SNAPSHOT)
        check(before["story"] > 1, "no story on the page")
        # Ban the Box on (a click), then its coverage down by ten steps and the weight
        # of a record up by five (the keyboard, as a user would).
        browser.click("lever-ban_the_box")
        browser.js("document.getElementById('lever-ban_the_box_coverage').focus()")
        browser.key("ArrowLeft", 37, 10)
        browser.js("document.getElementById('lever-record_weight').focus()")
        browser.key("ArrowRight", 39, 5)
        browser.wait_for("(() => { const q = window.rgExplore.lastRequest;"
                         " return q && q.levers.ban_the_box === true &&"
                         " q.levers.ban_the_box_coverage === 0.5 &&"
                         " Math.abs(q.levers.record_weight - 0.46) < 1e-9 && %s; })()" % IDLE,
                         "the runs after moving the levers")
        after = browser.js(SNAPSHOT)
        check(after["runs"] > before["runs"], "no new run drawn")
        check(after["changed"] != before["changed"], "the changed world's curve did not move")
        check(after["employed"] != before["employed"], "the employment curve did not move")
        check(after["baseline"] == before["baseline"], "the baseline's curve moved")
        moved = [k for k in after["cells"] if k.startswith("changed/")
                 and after["cells"][k] != before["cells"][k]]
        check(moved, "no headline number of the changed world changed")
        check(all(after["cells"][k] == before["cells"][k] for k in after["cells"]
                  if k.startswith("baseline/")), "a baseline number changed")
        check(after["figures"] != before["figures"], "the figures did not change")
        check("Lives that went differently: 0 " not in after["figures"], after["figures"])
        shot = base64.b64decode(browser.send("Page.captureScreenshot")["data"])
        check(len(shot) > 20000, "a blank screenshot (%d bytes)" % len(shot))
        problems = browser.problems()
        check(not problems, "the browser reported: %s" % problems[:5])
    finally:
        browser.close()
        server.send_signal(signal.SIGTERM)
        check(server.wait(30) == 0, "the server did not stop cleanly")

    # The same settings through the command line.
    request = after["request"]
    sets = cli_sets(request, levers)
    compare(after["cells"], summarize(sets[:3], "baseline.h5"), "baseline")
    compare(after["cells"], summarize(sets, "changed.h5"), "changed")
    server_sets = after["reproduce"]["changed"].split(" --set ")[1:]
    check(sorted(server_sets) == sorted(sets),
          "the page's reproducing command %r differs from %r" % (server_sets, sets))
    shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit("FAIL: %d checks" % len(failures))
    print("ok: %d headline numbers equal reintegra run's; %d of them moved" %
          (len(after["cells"]), len(moved)))


main()
