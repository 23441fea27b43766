#!/usr/bin/env python3
"""Write a synthetic news-briefing archive for the benchmark (bench/run.py).

The shape follows the reference corpus the performance targets are measured on
(../shared/bench/gen_corpus.py): about 5 KB of Markdown per briefing (headings,
paragraphs with emphasis, links and code spans, bullet and numbered lists, block
quotes), front matter with title, RFC 3339 date, a flow list of tags drawn from a
pool with a skewed (Zipf-like) distribution, summary and a nested `source:`
mapping. The same arguments always give the same bytes.

Usage: gen_corpus.py --count 10000 --out SITE [--seed 1] [--tags 300]
Briefings land in SITE/content/YYYY/YYYY-MM-DD-slug.md. No site.yml is written:
like the reference corpus, the benchmark runs on the defaults.
"""
import argparse
import datetime
import os
import random

VOCABULARY = """
accord administration aid airport alliance ambassador analysts appeal arrest assembly
audit authorities bailout ballot bank blockade bonds border bridge budget cabinet
candidate capital cargo casualties ceasefire census central charter coalition
commission committee communique compensation conference constitution consumers
contract convoy corridor council court crops currency customs debt decree deficit
delegation deputies detention diplomats displaced drought earnings economy election
electricity embassy emissions energy envoy evacuation exchange exports factories
farmers ferry financing fishermen floods forecast frontier fuel funding grain grid
growth harbour harvest hearing hospitals hostages imports inflation inquiry
inspectors insurance interest investors judges jury labour landslide lawmakers
lenders levy licence loans manifesto markets mediators merger militia mining
ministers monitors negotiators observers offensive opposition outage parliament
patrol payments pensions pipeline police pollsters port prices prisoners
prosecutors protest province quarantine railway rates ratings reactor referendum
refinery reform refugees regulators reserves resolution retailers revenue ruling
sanctions satellite schools senate settlement shelling shipping shortages spokesman
strike subsidies summit supplies survey talks tanker tariffs taxes teachers
terminal testimony tolls treaty tribunal truce turnout unions unrest vaccines
verdict veto visas volunteers wages warehouse water wheat wildfire workers yields
""".split()

PLACES = """
Ankara Athens Baku Beirut Belgrade Berlin Bogotá Brasília Brussels Bucharest Budapest
Cairo Chișinău Dakar Delhi Doha Dublin Geneva Hanoi Helsinki Istanbul Jakarta Kraków
Kyiv Lagos Lima Lisbon London Madrid Manila Minsk Moscow Nairobi Oslo Ottawa Paris
Prague Riga Riyadh Rome Santiago São-Paulo Seoul Sofia Stockholm Tallinn Tbilisi
Tehran Tokyo Tunis Vienna Vilnius Warsaw Washington Yerevan Zagreb Zürich
""".split()

DESKS = "Wire Regional Economics Diplomatic Courts Energy Markets Foreign Night Weekend".split()

# The first tags of the pool are the most frequent ones (see tag_weights).
TOPICS = """
politics economy diplomacy security energy courts elections trade climate health
migration agriculture transport finance labour media technology defence education
housing
""".split()

START = datetime.datetime(2014, 1, 1, 5, 0, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)


def words(rng, n):
    """n plain words, sometimes with a place name among them."""
    ws = rng.choices(VOCABULARY, k=n)
    if rng.random() < 0.4:
        ws[rng.randrange(n)] = rng.choice(PLACES)
    return ws


def sentence(rng, low=8, high=24):
    """A sentence where one word in two carries inline Markdown."""
    ws = words(rng, rng.randint(low, high))
    k = rng.randrange(len(ws))
    r = rng.random()
    if r < 0.16:
        ws[k] = f"*{ws[k]}*"
    elif r < 0.26:
        ws[k] = f"**{ws[k]}**"
    elif r < 0.42:
        ws[k] = f"[{ws[k]}](https://news.example.com/{rng.choice(VOCABULARY)}/{rng.randint(100, 99999)})"
    elif r < 0.47:
        ws[k] = f"`{ws[k]}`"
    text = " ".join(ws)
    return text[0].upper() + text[1:] + rng.choice("......?!")


def plain(rng, low, high):
    """Text without Markdown, for titles and summaries."""
    text = " ".join(words(rng, rng.randint(low, high)))
    return text[0].upper() + text[1:]


def block(rng):
    r = rng.random()
    if r < 0.62:
        return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
    if r < 0.77:
        return "\n".join("- " + sentence(rng, 4, 13) for _ in range(rng.randint(2, 6)))
    if r < 0.87:
        return "\n".join(f"{n}. " + sentence(rng, 4, 13) for n in range(1, rng.randint(3, 7)))
    return "\n".join("> " + sentence(rng) for _ in range(rng.randint(1, 3)))


def body(rng):
    parts = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))]  # the lead paragraph
    for _ in range(rng.randint(2, 5)):
        parts.append("## " + plain(rng, 3, 7))
        parts.extend(block(rng) for _ in range(rng.randint(1, 4)))
    return "\n\n".join(parts) + "\n"


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tag_pool(rng, size):
    pool = TOPICS + [p.lower() for p in PLACES]
    while len(pool) < size * 2:  # plenty of candidates; duplicates are dropped below
        pool.append(f"{rng.choice(VOCABULARY)}-{rng.choice(VOCABULARY)}")
    return list(dict.fromkeys(pool))[:size]


def tag_weights(size):
    """Zipf-like: the k-th tag is chosen about 1/k as often as the first."""
    return [1.0 / k for k in range(1, size + 1)]


def briefing(rng, number, when, tags):
    """Returns (file name without .md, file text) for one briefing."""
    title = plain(rng, 5, 11)
    slug = "-".join(w.lower() for w in title.split()[:6] if w.isascii() and w.isalpha())[:60]
    front = [
        "---",
        f"title: {quoted(title)}",
        f"date: {when.isoformat()}",
        "tags: [" + ", ".join(tags) + "]",
        f"summary: {quoted(plain(rng, 12, 26) + '.')}",
        "source:",
        f"  name: {quoted(rng.choice(PLACES) + ' ' + rng.choice(DESKS) + ' Desk')}",
        f"  url: https://news.example.com/briefings/{number}",
        "---",
    ]
    return f"{when:%Y-%m-%d}-{slug or f'briefing-{number}'}", "\n".join(front) + "\n\n" + body(rng)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000, help="number of briefings")
    ap.add_argument("--out", required=True, help="site folder; briefings go to OUT/content/")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tags", type=int, default=300, help="size of the tag pool")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pool = tag_pool(rng, a.tags)
    weights = tag_weights(len(pool))
    span = (END - START).total_seconds()
    names = set()
    for i in range(a.count):
        # Evenly spread over the years, with jitter so times are not round.
        when = START + datetime.timedelta(seconds=int(span * i / max(a.count, 1)) + rng.randint(0, 3000))
        tags = sorted(set(rng.choices(pool, weights=weights, k=rng.randint(2, 6))))
        name, text = briefing(rng, i, when, tags)
        base, n = name, 2
        while name in names:  # two titles can start alike on the same day
            name, n = f"{base}-{n}", n + 1
        names.add(name)
        folder = os.path.join(a.out, "content", f"{when:%Y}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name + ".md"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
