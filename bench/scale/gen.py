"""Generates a large corpus for the scale benchmark from the real corpora in
../shared (FA-KES, Reuters 2016), with controlled edits, as JSON Lines on
stdout. Nothing it writes is committed: the text is the publishers'.

    python3 gen.py SHARED_DIR COUNT [SEED] > corpus.jsonl

Each generated document is a real article with, deterministically per
index: its figures changed (digits replaced, same length, so spans and
number shapes stay realistic), its sentences of one paragraph shuffled, a
paragraph copied from another generated document (background carried
from article to article) with probability 0.3, the outlet's own page
template appended (the same block on every page of that outlet), one of
200 outlets, and a publication time that advances with the index over two
years with up to two days of jitter (feeds arrive roughly in time order,
not perfectly). The first line
makes every document distinct, so each one is analysed and stored.
"""
import csv, json, random, re, sys
from datetime import datetime, timedelta, timezone

def load(shared):
    texts = []
    with open(f"{shared}/data/corpus/fakes/FA-KES-Dataset.csv", encoding="utf-8", errors="replace", newline="") as f:
        texts += [r["article_content"] for r in csv.DictReader(f) if r.get("article_content", "").strip()]
    with open(f"{shared}/data/corpus/reuters_2016/conflict_2016.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    return [t for t in texts if len(t) > 200]

DIGITS = re.compile(r"\d")

def main():
    shared, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    texts = load(shared)
    paragraphs = [p for t in texts for p in re.split(r"\n\s*\n", t) if len(p) > 120]
    outlets = [f"outlet-{i:03}.example" for i in range(200)]
    templates = {
        o: f"About {o}: independent reporting since {1990 + i % 30}. Contact the newsroom at desk@{o}. "
        f"All {i % 9 + 2} regional bureaus publish under the same editorial standards."
        for i, o in enumerate(outlets)
    }
    out = sys.stdout
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    span = 730 * 86400
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        base = texts[rng.randrange(len(texts))]
        text = DIGITS.sub(lambda m: str(rng.randrange(10)) if rng.random() < 0.3 else m.group(0), base)
        parts = re.split(r"\n\s*\n", text) if "\n\n" in text else [text]
        k = rng.randrange(len(parts))
        sentences = re.split(r"(?<=[.!?])\s+", parts[k])
        if len(sentences) > 2 and rng.random() < 0.5:
            rng.shuffle(sentences)
            parts[k] = " ".join(sentences)
        if rng.random() < 0.3:
            parts.insert(rng.randrange(len(parts) + 1), paragraphs[rng.randrange(len(paragraphs))])
        outlet = outlets[rng.randrange(len(outlets))]
        parts.append(templates[outlet])
        moment = start + timedelta(seconds=int(n * span / max(count, 1)) + rng.randrange(-172800, 172800))
        published = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        doc = {
            "title": f"Report {n}",
            "text": f"Dispatch {n}.\n\n" + "\n\n".join(parts),
            "outlet": outlet,
            "url": f"https://{outlet}/{n}",
            "published": published,
        }
        out.write(json.dumps(doc, ensure_ascii=False))
        out.write("\n")

if __name__ == "__main__":
    main()
