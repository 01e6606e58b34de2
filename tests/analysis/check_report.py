"""The HTML report in headless Chromium: no console errors (script errors, blocked
loads, security-policy violations), the charts present in the rendered DOM, and a
screenshot that is not blank; four scenarios' mechanisms, start months on every
time chart, three lives, counts per 1,000, and no table wider than its box or the
page at 1280 and 1024 px (measured in the rendered page). Deliberately broken pages
(a script error, a missing chart; the gaps table without its own box and with its
intervals on one line) must fail the same checks, so the test can fail; the first
screen at 1280 and 1024 px is kept as report-1280.png and report-1024.png.
Usage: check_report.py REINTEGRA SOURCE_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

RG, SRC = sys.argv[1], sys.argv[2]
CHARTS = ["survival-rearrest", "survival-reconviction", "survival-reincarceration",
          "series-in_prison", "forest", "disparities", "difference-rearrest",
          "difference-employed"]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("FAIL: chromium is not installed (Debian package chromium; "
             "scripts/install-deps.sh installs it)")


def browse(page, *extra):
    """Run headless Chromium on a page; return (stdout, console lines)."""
    profile = tempfile.mkdtemp(prefix="rg-chromium-")
    try:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr",
               "--v=0", *extra, "file://" + os.path.abspath(page)]
        if not any(e.startswith("--window-size=") for e in extra):
            cmd.insert(-1, "--window-size=1280,2400")
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    console = [line for line in p.stderr.splitlines()
               if re.search(r"CONSOLE|Uncaught|Refused to|net::ERR_|Content.Security.Policy",
                            line)]
    return p.stdout, console


def problems(page, screenshot):
    dom, console = browse(page, "--dump-dom")
    found = []
    found += ["console: " + line for line in console]
    for chart in CHARTS:
        if not re.search(r'<figure class="chart" id="%s">\s*<svg' % re.escape(chart), dom):
            found.append("chart missing from the rendered page: " + chart)
    for needed in ("<title", "months since release", "Provenance"):
        if needed not in dom:
            found.append("missing: " + needed)
    _, console = browse(page, "--screenshot=" + screenshot)
    found += ["console: " + line for line in console]
    if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 20000:
        found.append("no screenshot, or a blank one")
    else:
        import matplotlib.image as mpimg
        pixels = mpimg.imread(screenshot)
        if pixels.std() < 0.02:
            found.append("the screenshot is blank")
    return found


TIME_CHARTS = ["survival-rearrest", "series-in_prison", "difference-rearrest",
               "difference-employed"]

# Injected into a copy of the page (without its security policy) to measure the
# layout: the page's width and every table wider than its box or the page.
MEASURE = """<script>
window.addEventListener('load', () => {
  const out = ['page ' + document.documentElement.scrollWidth + ' ' + window.innerWidth];
  const body = document.body.getBoundingClientRect();
  document.querySelectorAll('table').forEach((t) => {
    const box = t.parentElement, r = t.getBoundingClientRect();
    if (r.right > body.right + 1 || t.scrollWidth > box.clientWidth + 1)
      out.push('wide ' + (t.caption ? t.caption.textContent.slice(0, 40) : 'table'));
  });
  document.body.setAttribute('data-measure', out.join(';'));
});
</script></body>"""


def layout_problems(html, width, name):
    """Tables wider than their box or the page, and a page wider than the window."""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    with open(name, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", MEASURE))
    dom, _ = browse(name, "--dump-dom", "--window-size=%d,900" % width)
    m = re.search(r'data-measure="([^"]*)"', dom)
    if not m:
        return ["%d px: the layout was not measured" % width]
    found = []
    for item in m.group(1).split(";"):
        if item.startswith("page "):
            scroll, inner = (int(v) for v in item.split()[1:])
            if scroll > inner:
                found.append("%d px: the page is %d px wide" % (width, scroll))
        elif item:
            found.append("%d px: a table is wider than its box: %s" % (width, item[5:]))
    return found


def content_problems(html):
    found = []
    if html.count("How the model produces this.") < 2:
        found.append("the mechanism of each policy is missing")
    for chart in TIME_CHARTS:
        m = re.search(r'<figure class="chart" id="%s">(.*?)</figure>' % chart, html, re.S)
        if not m or 'class="start"' not in m.group(1):
            found.append("no start month on the time chart " + chart)
    if len(re.findall(r'<div class="life">', html)) != 3:
        found.append("the three lives are missing")
    if "per 1,000" not in html:
        found.append("counts lack their rate per 1,000")
    return found


def main():
    work = tempfile.mkdtemp(prefix="rg-report-", dir=os.getcwd())
    os.chdir(work)
    base = os.path.join(SRC, "scenarios", "baseline.cfg")
    common = ["-q", "--replicates", "2", "--set", "run.agents=3000", "--set", "run.months=36"]
    subprocess.run([RG, "run", base, "-o", "base.h5", *common], check=True)
    subprocess.run([RG, "run", base, "-o", "other.h5", *common, "--set",
                    "justice.arrest_probability=0.4", "--set", "run.name=fewer arrests"],
                   check=True)
    for policy in ("ban_the_box", "mentoring"):
        subprocess.run([RG, "run", os.path.join(SRC, "scenarios", policy + ".cfg"), "-o",
                        policy + ".h5", *common], check=True)
    subprocess.run([RG, "report", "base-r1.h5", "base-r2.h5", "other-r1.h5", "other-r2.h5",
                    "ban_the_box-r1.h5", "ban_the_box-r2.h5", "mentoring-r1.h5",
                    "mentoring-r2.h5", "-o", "report.html"], check=True)
    html = open("report.html", encoding="utf-8").read()
    offline = not re.search(r'(src|href)="(https?:)?//', html) and "<script" not in html
    found = problems("report.html", os.path.join(os.getcwd(), "report.png"))
    if not offline:
        found.append("the report refers to the network or runs scripts")
    found += content_problems(html)
    for width in (1280, 1024):
        found += layout_problems(html, width, "measure-%d.html" % width)
        browse("report.html", "--window-size=%d,800" % width, "--hide-scrollbars",
               "--screenshot=" + os.path.join(os.getcwd(), "report-%d.png" % width))
    # Negative control: the gaps table outside its box, its intervals on one line.
    cramped = html.replace('<div class="scroll"><table', "<div><table").replace(
        ".ci{display:block", ".ci{display:inline")
    if not any("Gaps between groups" in p for p in layout_problems(cramped, 1024, "cramped.html")):
        found.append("the layout check did not catch a gaps table wider than the page")
    # Negative control: a page with a script error and a missing chart must fail.
    with open("broken.html", "w", encoding="utf-8") as f:
        f.write(html.replace('id="forest"', 'id="gone"').replace(
            "</body>", "<script>undefinedFunction();</script></body>"))
    caught = problems("broken.html", os.path.join(os.getcwd(), "broken.png"))
    if not any(p.startswith("console: ") for p in caught) or not any("forest" in p for p in caught):
        found.append("the checks did not catch a broken page: " + "; ".join(caught))
    print("screenshots: " + " ".join(os.path.join(os.getcwd(), name) for name in
                                     ("report.png", "report-1280.png", "report-1024.png")))
    for p in found:
        print("FAIL: " + p)
    print("report checked in Chromium: %s" % ("ok" if not found else "%d problems" % len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
