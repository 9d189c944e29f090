import gzip, io
CRLF=b"\r\n"
def record(typ, uri, date, ctype, block, rid):
    h = [b"WARC/1.1", b"WARC-Type: "+typ, b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>" % rid,
         b"WARC-Date: "+date]
    if uri: h.append(b"WARC-Target-URI: "+uri)
    h += [b"Content-Type: "+ctype, b"Content-Length: %d" % len(block)]
    return CRLF.join(h)+CRLF+CRLF+block+CRLF+CRLF
def http(status, headers, body):
    lines=[b"HTTP/1.1 "+status]+headers
    return CRLF.join(lines)+CRLF+CRLF+body

page1 = b"""<!doctype html><html><head><meta charset="utf-8"><title>Bridge at Lower Marsh reopens | Valley Courier</title></head>
<body><nav><a href="/">Home</a> <a href="/region">Region</a></nav>
<article><h1>Bridge at Lower Marsh reopens</h1>
<p>The footbridge over the Tamsin river at Lower Marsh reopened on Tuesday after three weeks of repairs, the district council said in a statement read out at the town hall.</p>
<p>Council engineers replaced 14 of the wooden planks and two of the handrails, which floodwater had torn away during the storms at the end of last month.</p>
<p>About 1,200 people cross the bridge every day, according to the council, most of them on their way to the weekly market in Upper Marsh.</p>
</article><footer>Valley Courier, made-up news for tests</footer></body></html>
"""
page2 = b"""<!doctype html><html><head><meta charset="utf-8"><title>Orchard fire near Greyford contained</title>
<meta property="article:published_time" content="2031-05-02T08:30:00+00:00"></head>
<body><article><h1>Orchard fire near Greyford contained</h1>
<p>Firefighters contained a fire that burned through 40 hectares of apple orchards east of Greyford overnight, the regional fire service said on Friday morning.</p>
<p>Nobody was hurt, the service said, although two barns and a packing shed were lost before the crews from three neighbouring towns arrived at the scene.</p>
</article></body></html>
"""
def chunk(data, size=100):
    out=b""
    for i in range(0,len(data),size):
        part=data[i:i+size]; out+=b"%x\r\n" % len(part)+part+b"\r\n"
    return out+b"0\r\n\r\n"
text = b"Notice from the Greyford water board: supply to 300 homes on the east side will be cut on Saturday between 9 and 12 while a main is replaced.\n"
gz = gzip.compress(page2, mtime=0)
recs = [
 record(b"warcinfo", None, b"2031-05-03T10:00:00Z", b"application/warc-fields", b"software: hand-written test fixture\r\nformat: WARC File Format 1.1\r\n", 1),
 record(b"request", b"https://www.valley-courier.example/region/bridge-reopens", b"2031-05-03T10:00:01Z", b"application/http; msgtype=request", b"GET /region/bridge-reopens HTTP/1.1\r\nHost: www.valley-courier.example\r\n\r\n", 2),
 record(b"response", b"https://www.valley-courier.example/region/bridge-reopens", b"2031-05-03T10:00:02Z", b"application/http; msgtype=response",
        http(b"200 OK", [b"Content-Type: text/html; charset=utf-8", b"Content-Length: %d" % len(page1)], page1), 3),
 record(b"response", b"https://news.greyford.example/2031/05/orchard-fire", b"2031-05-03T10:00:03Z", b"application/http; msgtype=response",
        http(b"200 OK", [b"Content-Type: text/html", b"Content-Encoding: gzip", b"Transfer-Encoding: chunked"], chunk(gz)), 4),
 record(b"response", b"https://news.greyford.example/old-link", b"2031-05-03T10:00:04Z", b"application/http; msgtype=response",
        http(b"301 Moved Permanently", [b"Location: https://news.greyford.example/2031/05/orchard-fire", b"Content-Length: 0"], b""), 5),
 record(b"response", b"https://news.greyford.example/logo.png", b"2031-05-03T10:00:05Z", b"application/http; msgtype=response",
        http(b"200 OK", [b"Content-Type: image/png", b"Content-Length: 8"], b"\x89PNG\r\n\x1a\n"), 6),
 record(b"response", b"https://water.greyford.example/notices/42.txt", b"2031-05-03T10:00:06Z", b"application/http; msgtype=response",
        http(b"200 OK", [b"Content-Type: text/plain; charset=utf-8", b"Content-Length: %d" % len(text)], text), 7),
 record(b"metadata", b"https://news.greyford.example/2031/05/orchard-fire", b"2031-05-03T10:00:07Z", b"application/warc-fields", b"outlinks: https://news.greyford.example/\r\n", 8),
]
open("made-up-pages.warc","wb").write(b"".join(recs))
