#!/usr/bin/env python3
"""Checks what LibreOffice made of Front Desk's workbooks (scripts/check-workbook.sh).

    check-workbook.py report WORK   the director report: report.json (frontdeskctl
                                    report --json), report.xlsx and LibreOffice's
                                    CSV of every sheet (report-SHEET.csv)
    check-workbook.py roster WORK   the follow-up roster: roster.json (frontdeskctl
                                    followup roster --json), roster.xlsx and
                                    LibreOffice's roster-Roster.csv
    check-workbook.py pages PDF WORDS...
                                    every page of a PDF LibreOffice printed is
                                    landscape and has each of WORDS (the header
                                    row repeated, every column on the page)

Every check prints what it compared; the first failure exits 1 with what differs.
Numbers are compared as LibreOffice shows them (the CSVs are written "as shown")
with Front Desk's one rule (app/reportformat.go): counts grouped 1,234; rates
63.4%; days 12.3; halves rounded away from zero.
"""
import csv
import json
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}


def fail(msg):
    print("check-workbook: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def say(msg):
    print("check-workbook: " + msg, file=sys.stderr)


def one(v):
    """v with one decimal, halves away from zero (app.FormatOne)."""
    r = Decimal(repr(float(v))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return "0.0" if r == 0 else str(r)


def shown(kind, v):
    """A report figure as the screen, the PDF and the workbook show it."""
    if kind == "rate":
        return one(100 * v) + "%"
    if kind == "days":
        return one(v)
    return "{:,}".format(int(Decimal(repr(float(v))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def count(s):
    return int(s.replace(",", "")) if s.strip() else 0


def anchors(xlsx):
    """Every two-cell anchor of every sheet's drawing: {sheet: [(name, (c0, r0), (c1, r1))]},
    each corner as (cell, offset in EMU) pairs that order like distances."""
    z = zipfile.ZipFile(xlsx)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for s in wb.find("m:sheets", NS):
        target = rels[s.get("{%s}id" % NS["r"])].lstrip("/")
        sheet = target if target.startswith("xl/") else "xl/" + target
        srels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if srels not in z.namelist():
            continue
        for rel in ET.fromstring(z.read(srels)):
            t = rel.get("Target")
            if "drawings/drawing" not in t:
                continue
            drawing = "xl/drawings/" + os.path.basename(t)
            for a in ET.fromstring(z.read(drawing)).findall("xdr:twoCellAnchor", NS):
                def corner(tag):
                    e = a.find("xdr:" + tag, NS)
                    g = lambda k: int(e.find("xdr:" + k, NS).text)
                    return ((g("col"), g("colOff")), (g("row"), g("rowOff")))
                name = a.find(".//xdr:cNvPr", NS)
                out.setdefault(s.get("name"), []).append((name.get("name") if name is not None else "?", corner("from"), corner("to")))
    return out


def check_anchors(xlsx, want_charts=0):
    """No chart's anchor rectangle overlaps another's on any sheet."""
    per = anchors(xlsx)
    n = sum(len(v) for v in per.values())
    if n < want_charts:
        fail("%s has %d charts, want at least %d" % (xlsx, n, want_charts))
    for sheet, items in per.items():
        for i, (na, fa, ta) in enumerate(items):
            if not (ta[0] > fa[0] and ta[1] > fa[1]):
                fail("%s: %s: %s has no area: from %s to %s" % (xlsx, sheet, na, fa, ta))
            for nb, fb, tb in items[i + 1:]:
                # (cell, offset) pairs compare like positions: overlap when both
                # the columns and the rows of the two rectangles overlap
                if fa[0] < tb[0] and fb[0] < ta[0] and fa[1] < tb[1] and fb[1] < ta[1]:
                    fail("%s: %s: %s (%s – %s) overlaps %s (%s – %s)" % (xlsx, sheet, na, fa, ta, nb, fb, tb))
    if n == 0:
        say("%s: no charts" % os.path.basename(xlsx))
        return
    say("%s: %d charts on %s; no anchor overlaps another" % (os.path.basename(xlsx), n,
        ", ".join("%s (%d)" % (k, len(v)) for k, v in sorted(per.items()))))


def report(work):
    rep = json.load(open(os.path.join(work, "report.json")))
    figs = {(f["area"], f["figure"]): f for f in rep["figures"]}
    sheet = lambda name: rows(os.path.join(work, "report-%s.csv" % name))
    summary = sheet("Summary")
    head = summary.index(["Area", "Figure", "Value"])
    seen = {}
    for r in summary[head + 1:]:
        if len(r) >= 3 and r[0]:
            seen[(r[0], r[1])] = r[2]
    for key, f in figs.items():
        want = shown(f["kind"], f["value"])
        if key not in seen:
            fail("the Summary LibreOffice shows has no %s / %s" % key)
        if seen[key] != want:
            fail("Summary: %s / %s shows %r; frontdeskctl report --json says %r, written %r" % (key[0], key[1], seen[key], f["value"], want))
    if len(seen) != len(figs):
        fail("the Summary shows %d figures, frontdeskctl %d" % (len(seen), len(figs)))
    say("Summary: all %d figures match frontdeskctl report --json as LibreOffice shows them" % len(figs))
    # each area's own sheet shows the same figures
    n = 0
    for area in ("Conversion", "Kits", "Follow-up", "SMS"):
        for r in sheet(area)[1:]:
            if len(r) >= 2 and r[0]:
                f = figs.get((area, r[0]))
                if f is None:
                    fail("%s sheet: %s is not a figure of the report" % (area, r[0]))
                if r[1] != shown(f["kind"], f["value"]):
                    fail("%s sheet: %s shows %r, want %r" % (area, r[0], r[1], shown(f["kind"], f["value"])))
                n += 1
    say("Conversion, Kits, Follow-up, SMS sheets: %d figures match" % n)

    def fig(area, name):
        return int(figs[(area, name)]["value"])

    def block(rows_, name):
        return [r for r in rows_[1:] if r and r[0] == name]

    ci = sheet("Check-ins")
    for name in ("Month", "Event kind"):
        total = sum(count(r[3]) for r in block(ci, name))
        if total != fig("Check-ins", "Check-ins"):
            fail("Check-ins sheet: the %s rows add up to %d, the report counts %d check-ins" % (name, total, fig("Check-ins", "Check-ins")))
    pe = sheet("People")
    for name in ("Language", "ZIP code"):
        total = sum(count(r[3]) for r in block(pe, name))
        if total != fig("People", "People served"):
            fail("People sheet: the %s rows add up to %d, the report serves %d" % (name, total, fig("People", "People served")))
    for r in block(pe, "Language"):
        if r[2] and (r[1] == r[2] or not r[1]):
            fail("People sheet: language %r shows no name (%r)" % (r[2], r[1]))
    ev = sheet("Events")
    cols = ev[0]
    for col, name in (("Pre-registered", "Pre-registered"), ("Attended", "Attended"), ("Walk-ins", "Walk-ins"),
                      ("No-shows", "No-shows"), ("Checked in", "Checked in")):
        i = cols.index(col)
        total = sum(count(r[i]) for r in ev[1:] if len(r) > i)
        if total != fig("Events", name):
            fail("Events sheet: the %s column adds up to %d, the report says %d" % (col, total, fig("Events", name)))
    if len(ev) - 1 != fig("Events", "Events"):
        fail("Events sheet: %d rows, the report counts %d events" % (len(ev) - 1, fig("Events", "Events")))
    vi = sheet("Visits")
    if sum(count(r[2]) for r in vi[1:] if len(r) > 2) != fig("Visits", "Visits"):
        fail("Visits sheet: the rows do not add up to the %d visits" % fig("Visits", "Visits"))
    langs = ", ".join("%s %s" % (r[1], r[3]) for r in block(pe, "Language"))
    say("Check-ins, People, Events, Visits sheets add up to the report's figures; languages: %s" % langs)
    check_anchors(os.path.join(work, "report.xlsx"), want_charts=4)


def roster(work):
    data = json.load(open(os.path.join(work, "roster.json")))
    want = data["rows"]
    got = rows(os.path.join(work, "roster-Roster.csv"))
    if len(got) < 2 or got[1][:3] != ["Case manager", "Participant", "Code"]:
        fail("the roster sheet has no header row on row 2: %s" % got[:2])
    head = got[1]
    body = [r for r in got[2:] if any(c.strip() for c in r)]
    if len(body) != len(want) or data["contacts"] != len(want):
        fail("the roster sheet has %d rows, the roster %d contacts (%d in --json)" % (len(body), data["contacts"], len(want)))
    col = {h: i for i, h in enumerate(head)}
    for i, (r, w) in enumerate(zip(body, want)):
        expect = {
            "Case manager": w["case_manager"] or "No case manager",
            "Participant": w["participant"].strip(),
            "Code": w["code"],
            "Contact": w["contact"],
            "Kind": w["kind"],
            "Due": w["due"],
            "Status": w["status"].replace("non_responsive", "non-responsive"),
            "Overdue": "overdue" if w["overdue"] else "",
            "Attempts": str(w["attempts"]),
        }
        for h, v in expect.items():
            if r[col[h]] != v:
                fail("roster row %d (%s): %s shows %r, the roster says %r" % (i + 3, w["code"], h, r[col[h]], v))
    overdue = sum(1 for w in want if w["overdue"])
    say("roster: all %d rows match followup roster --json (case manager, participant, code, contact, kind, due, status, %d overdue, attempts)"
        % (len(want), overdue))
    check_anchors(os.path.join(work, "roster.xlsx"))


def pages(pdf, words):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", pdf], capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    if not sizes:
        fail("pdfinfo gave no page sizes for %s" % pdf)
    for i, (w, h) in enumerate(sizes):
        if float(w) <= float(h):
            fail("%s page %d is portrait (%s x %s pts), want landscape" % (pdf, i + 1, w, h))
        text = subprocess.run(["pdftotext", "-layout", "-f", str(i + 1), "-l", str(i + 1), pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        for word in words:
            if word not in text:
                fail("%s page %d has no %r (header row repeated, all columns on one page wide)" % (pdf, i + 1, word))
    say("%s: %d landscape pages, each with %s" % (os.path.basename(pdf), len(sizes), ", ".join(repr(w) for w in words)))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        fail(__doc__)
    if sys.argv[1] == "report":
        report(sys.argv[2])
    elif sys.argv[1] == "roster":
        roster(sys.argv[2])
    elif sys.argv[1] == "pages":
        pages(sys.argv[2], sys.argv[3:])
    else:
        fail(__doc__)
