//! WARC reading speed next to a peer (warcio, see warc_peer.py) run on the
//! same file in the same run:
//!
//! - `bench_warc make FILE`: writes a gzipped archive of made-up records
//!   shaped like a crawl (a request and a response per URL, responses mostly
//!   images and scripts, bodies incompressible), so what is timed is framing,
//!   gzip and HTTP parsing rather than HTML extraction, which `bench_html`
//!   measures on its own.
//! - `bench_warc time FILE`: reads FILE with `contested_ingest::read` until
//!   three seconds have passed and prints seconds per pass as JSON.

use std::io::Write;
use std::time::{Duration, Instant};

use contested_ingest::{read, Input, ReadOptions};

const URLS: usize = 2_000;
const BODY_BYTES: usize = 20_000;
const MIN_MEASURED: Duration = Duration::from_secs(3);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["make", file] => make(file),
        ["time", file] => time(file),
        _ => {
            eprintln!("usage: bench_warc make FILE | bench_warc time FILE");
            std::process::exit(2);
        }
    }
}

fn make(file: &str) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut noise = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    };
    for n in 0..URLS {
        let uri = format!("https://assets.example/{n}");
        let request = format!("GET /{n} HTTP/1.1\r\nHost: assets.example\r\n\r\n").into_bytes();
        let kind = [
            "image/jpeg",
            "application/javascript",
            "text/css",
            "image/png",
        ][n % 4];
        let body = noise(BODY_BYTES);
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: max-age=3600\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend(body);
        for (kind, block, content_type) in [
            ("request", request, "application/http; msgtype=request"),
            ("response", response, "application/http; msgtype=response"),
        ] {
            let mut record = format!(
                "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{n:08x}-0000-4000-8000-000000000000>\r\nWARC-Date: 2031-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .into_bytes();
            record.extend(block);
            record.extend_from_slice(b"\r\n\r\n");
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&record).unwrap();
            out.write_all(&gz.finish().unwrap()).unwrap();
        }
    }
}

fn time(file: &str) {
    let input = Input::Path(file.into());
    let options = ReadOptions::default();
    let started = Instant::now();
    let mut passes = 0u32;
    while passes == 0 || started.elapsed() < MIN_MEASURED {
        let results = read(&input, &options).count();
        // The made-up archive holds no page: anything read is a bug.
        assert_eq!(results, 0);
        passes += 1;
    }
    let seconds = started.elapsed().as_secs_f64() / f64::from(passes);
    println!(
        "{{\"name\": \"contested\", \"seconds_per_pass\": {seconds:.4}, \"passes\": {passes}}}"
    );
}
