"""The peer for bench_warc: warcio reads the same archive, looking into
HTML responses only (as contested does), until three seconds have passed.
Usage: python warc_peer.py FILE"""
import json
import sys
import time

from warcio.archiveiterator import ArchiveIterator


def one_pass(path):
    pages = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_header("Content-Type", "").startswith("text/html"):
                record.content_stream().read()
                pages += 1
    return pages


started = time.perf_counter()
passes = 0
while passes == 0 or time.perf_counter() - started < 3.0:
    assert one_pass(sys.argv[1]) == 0
    passes += 1
seconds = (time.perf_counter() - started) / passes
print(json.dumps({"name": "warcio", "seconds_per_pass": round(seconds, 4), "passes": passes}))
