#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into Fuzz/corpus/NAME/ from the sample site's
content/, the test fixtures' hostile inputs and (when /work/shared or
SITEGEN_SHARED is there) a sample of the CommonMark spec examples. Run from the
repository root: python3 Fuzz/make_seeds.py. Deterministic; the output is committed.
"""
import glob, hashlib, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "corpus")
SHARED = os.environ.get("SITEGEN_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def put(kind, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.join(OUT, kind)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


briefings = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(ROOT, "content", "**", "*.md"), recursive=True))]

# Front matter: the sample site as is, plus the hostile shapes of issue 6.
for b in briefings:
    put("frontmatter", b)
hostile_front = [
    "---\ntitle: A\ndate: 2025-05-16\n---\nBody\n",
    "\ufeff---\r\ntitle: BOM and CRLF\r\ndate: 2025-05-16\r\n---\r\nBody\r\n",
    "---\ntitle: A\ntitle: B\ndate: 2025-05-16\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\n? [a, b]\n: complex key\n1: number key\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\ntags: {a: 1}\n---\n",
    "---\ntitle: A\ndate: 0000-01-01\n---\n",
    "---\ntitle: A\ndate: 99999-01-01\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\nslug: ../../etc/passwd\ntags: ['../x', 'a/b', 'c\\\\d', \"nul\\0\", \"\\x01\\x1f\"]\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\nsources:\n  - name: x\n    url: javascript:alert(1)\n  - name: y\n    url: \"data:text/html,<script>\"\n---\n",
    "---\ntitle: A\ndate: 2025-05-16\n---\n[a](other.md#x) [b](../2025/2025-05-15-other.md) [c](javascript:alert(1)) ![d](data:image/png;base64,AA)\n",
    "---\n---\n", "---\n", "", "...\n", "---\ntitle: [\n---\n", "---\n- a\n- b\n---\n",
]
for h in hostile_front:
    put("frontmatter", h)

# Slugger: first byte is maxLength - 1.
slug_texts = ["Erdoğan", "Dolmabahçe", "İstanbul", "Istanbul Talks, Day 2", "Zürich – Genève", "Łódź", "Straße", "Київ",
              "Харків", "Зеленський", "Αθήνα", "Erdog\u0306an", "Kyiv's", "../../etc", "a/b\\c", "\x00\x01\x1f", "!!!",
              "🙂 emoji", "ﬁ ligature", "x" * 200, "Ⅻ roman", "٣ arabic digit", "a\u200db", "\u0130\u0131"]
for t in slug_texts:
    put("slugger", bytes([79]) + t.encode())
    put("slugger", bytes([7]) + t.encode())

# Dates: first byte picks the time zone.
dates = ["2025-05-16", "2025-05-16 14:30", "2025-05-16T14:30:45Z", "2025-05-16T14:30:00+03:00", "2025-05-16T10:00:00-05:30",
         "2025-05-16T14:30:45.123456Z", "  2025-05-16 ", "2025-11-02 01:30", "2025-03-09 02:30", "2024-02-29", "1900-02-29",
         "0001-01-01", "9999-12-31T23:59:59Z", "0000-01-01", "99999-01-01", "2025-5-16", "2025-05-16T24:00", "2025-06-30T23:59:60Z",
         "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
for i, d in enumerate(dates):
    put("date", bytes([i % 16]) + d.encode())

# Markdown: first byte holds flags (bit 0: unsafeHTML).
for b in briefings:
    body = b.split(b"\n---\n", 1)[-1]
    put("markdown", b"\x00" + body)
hostile_md = [
    "# Title\n## Title\n## Title\n### \n", "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html,x)\n",
    "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n", "[t](other.md#frag) [u](../../x.md) [v](%2e%2e/a.md)\n",
    "> " * 200 + "deep\n", "- " * 200 + "deep\n", "![i](data:image/png;base64,AAAA) ![j](data:image/svg+xml,<svg onload=x>)\n",
    "[a]: <javascript:alert(1)>\n[a]\n", "`code` *em* **strong** ***both***\n\n---\n\n    indented\n",
]
for h in hostile_md:
    put("markdown", b"\x00" + h.encode())
    put("markdown", b"\x01" + h.encode())
spec = os.path.join(SHARED, "testdata", "commonmark-spec-0.30.json")
if os.path.exists(spec):
    for example in json.load(open(spec))[::4]:
        put("markdown", b"\x00" + example["markdown"].encode())

# Templates: fields separated by 0xFF (see FuzzTemplate.swift).
payloads = [
    ["Plain title", "Kyiv", "Erdoğan", "A summary.", "Desk", "istanbul-talks", "Wire", "https://example.org/", "Ankara",
     "Body with [a link](https://example.org/).", "Briefings", "A site", ""],
    ["</title><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
     "</script><script>alert(2)</script>", "' onmouseover='alert(3)", "</script>", "<b>Wire</b>", "javascript:alert(1)",
     "]]><script>x</script>", "<script>alert(4)</script>\n\n[x](javascript:alert(5))", "</title><script>", "\"><script>", "x"],
    ["\u2028\u2029", "a\u0000b", "\u0001\u001f", "&amp;&lt;", "{{site.title}}", "{{{x}}}", "n", "data:text/html,<script>", "-->",
     "<!--", "<![CDATA[", "]]>", "../../x"],
]
for p in payloads:
    put("template", b"\xff".join(x.encode() for x in p))
print("seeds written to", OUT)
