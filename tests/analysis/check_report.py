"""The HTML report in headless Chromium: no console errors (script errors, blocked
loads, security-policy violations), the charts present in the rendered DOM, and a
screenshot that is not blank. A deliberately broken page must fail the same
checks, so the test can fail. Usage: check_report.py REINTEGRA SOURCE_DIR"""
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
               "--v=0", "--window-size=1280,2400", *extra, "file://" + os.path.abspath(page)]
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


def main():
    work = tempfile.mkdtemp(prefix="rg-report-", dir=os.getcwd())
    os.chdir(work)
    base = os.path.join(SRC, "scenarios", "baseline.cfg")
    common = ["-q", "--replicates", "2", "--set", "run.agents=3000", "--set", "run.months=36"]
    subprocess.run([RG, "run", base, "-o", "base.h5", *common], check=True)
    subprocess.run([RG, "run", base, "-o", "other.h5", *common, "--set",
                    "justice.arrest_probability=0.4", "--set", "run.name=fewer arrests"],
                   check=True)
    subprocess.run([RG, "report", "base-r1.h5", "base-r2.h5", "other-r1.h5", "other-r2.h5",
                    "-o", "report.html"], check=True)
    html = open("report.html", encoding="utf-8").read()
    offline = not re.search(r'(src|href)="(https?:)?//', html) and "<script" not in html
    found = problems("report.html", os.path.join(os.getcwd(), "report.png"))
    if not offline:
        found.append("the report refers to the network or runs scripts")
    # Negative control: a page with a script error and a missing chart must fail.
    with open("broken.html", "w", encoding="utf-8") as f:
        f.write(html.replace('id="forest"', 'id="gone"').replace(
            "</body>", "<script>undefinedFunction();</script></body>"))
    caught = problems("broken.html", os.path.join(os.getcwd(), "broken.png"))
    if not any(p.startswith("console: ") for p in caught) or not any("forest" in p for p in caught):
        found.append("the checks did not catch a broken page: " + "; ".join(caught))
    print("screenshot: " + os.path.join(os.getcwd(), "report.png"))
    for p in found:
        print("FAIL: " + p)
    print("report checked in Chromium: %s" % ("ok" if not found else "%d problems" % len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
