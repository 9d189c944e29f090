"""Reads the article texts the pipeline benchmark ingests, so that the peer
gets exactly the same text (FA-KES article_content, Reuters 2016 text)."""
import csv, json, sys

def load(path):
    if path.endswith(".csv"):
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            return [row["article_content"] for row in csv.DictReader(f) if row.get("article_content")]
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]

if __name__ == "__main__":
    texts = load(sys.argv[1])
    print(len(texts), sum(len(t.encode("utf-8")) for t in texts))
