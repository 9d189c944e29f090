//! RSS/Atom feeds and WARC archives on made-up inputs of our own: every
//! item or archived page one document, bad ones one error each.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use contested_core::Document;
use contested_ingest::{expand, read, Format, IngestError, Input, ReadOptions};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn read_path(path: &Path) -> Vec<Result<Document, IngestError>> {
    read(&Input::Path(path.to_path_buf()), &ReadOptions::default()).collect()
}

fn split(results: Vec<Result<Document, IngestError>>) -> (Vec<Document>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Courier</title>
  <link>https://www.valley-courier.example/</link>
  <description>Made-up news for tests</description>
  <item>
    <title>Ferry service to Saltmere resumes</title>
    <link>https://www.valley-courier.example/2031/04/ferry</link>
    <guid isPermaLink="false">vc-ferry-1</guid>
    <pubDate>Tue, 15 Apr 2031 09:20:00 +0200</pubDate>
    <description>&lt;p&gt;The ferry between Hollin Quay and Saltmere ran again on Tuesday, carrying &lt;b&gt;85 passengers&lt;/b&gt; on its first crossing since the harbour wall was repaired.&lt;/p&gt;&lt;p&gt;The operator said two crossings a day would run until June.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Market hall roof to be replaced</title>
    <link>https://www.valley-courier.example/2031/04/market-hall</link>
    <pubDate>Wed, 16 Apr 2031 07:00:00 GMT</pubDate>
    <description>Short teaser that the full content replaces.</description>
    <content:encoded><![CDATA[<div class="share"><a href="/share">Share</a></div>
      <p>The town council voted on Wednesday to replace the roof of the old market hall in Hollin Quay, which has leaked since the winter storms damaged 300 of its slates.</p>
      <p>Work is to start in May and cost about 120,000 crowns, the council's treasurer told the meeting, most of it from the regional heritage fund.</p>
      <p>Traders will move to the car park beside the station while the scaffolding is up, the council said.</p>]]></content:encoded>
  </item>
  <item>
    <title>An item with nothing in it</title>
    <link>https://www.valley-courier.example/2031/04/empty</link>
  </item>
  <item>
    <title>Plain words</title>
    <link>https://www.valley-courier.example/2031/04/plain</link>
    <description>Road works on the Saltmere road end on Friday, 3 days early.</description>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_items_become_documents_and_an_empty_item_is_its_own_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "courier.rss", RSS.as_bytes());
    let (docs, errors) = split(read_path(&path));
    assert_eq!(docs.len(), 3, "{errors:?}");
    assert_eq!(errors.len(), 1);
    let origin = path.display().to_string();
    assert_eq!(errors[0].origin(), format!("{origin}#item 3"));
    let message = errors[0].to_string();
    assert!(
        message.contains("An item with nothing in it")
            && message.contains("neither content nor a description"),
        "{message}"
    );

    let ferry = &docs[0];
    assert_eq!(ferry.origin, format!("{origin}#item 1"));
    assert_eq!(
        ferry.url.as_deref(),
        Some("https://www.valley-courier.example/2031/04/ferry")
    );
    assert_eq!(
        ferry.title.as_deref(),
        Some("Ferry service to Saltmere resumes")
    );
    assert_eq!(ferry.outlet.as_deref(), Some("valley-courier.example"));
    assert_eq!(ferry.published.unwrap().to_string(), "2031-04-15T07:20:00Z");
    // Markup is gone, both paragraphs kept as paragraphs.
    assert_eq!(
        ferry.text,
        "The ferry between Hollin Quay and Saltmere ran again on Tuesday, carrying 85 passengers on its first crossing since the harbour wall was repaired.\n\nThe operator said two crossings a day would run until June."
    );

    let hall = &docs[1];
    assert!(
        hall.text.starts_with("The town council voted on Wednesday"),
        "{}",
        hall.text
    );
    assert!(hall.text.contains("120,000 crowns"));
    assert!(
        !hall.text.contains("teaser"),
        "full content wins over the description"
    );
    assert!(
        !hall.text.contains("Share"),
        "page furniture is cleaned away: {}",
        hall.text
    );
    assert_eq!(hall.published.unwrap().to_string(), "2031-04-16T07:00:00Z");

    let plain = &docs[2];
    assert_eq!(
        plain.text,
        "Road works on the Saltmere road end on Friday, 3 days early."
    );
    assert_eq!(
        plain.published, None,
        "no date is no date, not the feed's or now"
    );
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Greyford Gazette</title>
  <id>urn:example:greyford</id>
  <updated>2031-05-02T12:00:00Z</updated>
  <link rel="self" href="https://feeds.cdn.example/greyford.atom"/>
  <entry>
    <title type="html">Orchard fire &lt;em&gt;contained&lt;/em&gt;</title>
    <id>urn:example:greyford:fire</id>
    <link rel="alternate" type="text/html" href="https://greyford.example/fire"/>
    <link rel="enclosure" href="https://greyford.example/fire.jpg"/>
    <published>2031-05-02T08:30:00+01:00</published>
    <updated>2031-05-02T11:00:00Z</updated>
    <content type="html">&lt;p&gt;Firefighters contained a fire that burned 40 hectares of orchards east of Greyford overnight.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Water cut on Saturday</title>
    <id>urn:example:greyford:water</id>
    <link href="https://greyford.example/water"/>
    <updated>2031-05-01T16:00:00Z</updated>
    <summary type="text">Supply to 300 homes will be cut for three hours &lt;while&gt; a main is replaced.</summary>
  </entry>
</feed>
"#;

#[test]
fn atom_entries_take_alternate_links_updated_dates_and_the_feed_title_as_outlet() {
    let dir = tempfile::tempdir().unwrap();
    // .xml is claimed as a feed by its content.
    let path = write(dir.path(), "gazette.xml", ATOM.as_bytes());
    let (docs, errors) = split(read_path(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 2);
    let fire = &docs[0];
    assert_eq!(fire.url.as_deref(), Some("https://greyford.example/fire"));
    assert_eq!(fire.title.as_deref(), Some("Orchard fire contained"));
    // Only a self link: the feed's title names the outlet, not the CDN.
    assert_eq!(fire.outlet.as_deref(), Some("Greyford Gazette"));
    assert_eq!(
        fire.published.unwrap().to_string(),
        "2031-05-02T07:30:00Z",
        "published beats updated"
    );
    assert_eq!(
        fire.text,
        "Firefighters contained a fire that burned 40 hectares of orchards east of Greyford overnight."
    );
    let water = &docs[1];
    assert_eq!(
        water.published.unwrap().to_string(),
        "2031-05-01T16:00:00Z",
        "updated when nothing else"
    );
    assert_eq!(
        water.text, "Supply to 300 homes will be cut for three hours <while> a main is replaced.",
        "type=text is taken as written"
    );
    let outlet = ReadOptions {
        outlet: Some("Gazette".into()),
        ..Default::default()
    };
    let forced: Vec<_> = read(&Input::Path(path.clone()), &outlet).collect();
    assert_eq!(
        forced[0].as_ref().unwrap().outlet.as_deref(),
        Some("Gazette")
    );
}

#[test]
fn a_broken_feed_is_one_error_naming_it_and_folders_take_only_xml_that_is_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.rss",
        b"<rss version=\"2.0\"><channel><title>x</title><item><title>cut",
    );
    let (docs, errors) = split(read_path(&broken));
    assert!(docs.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].origin(), broken.display().to_string());
    assert!(
        errors[0].to_string().contains("RSS or Atom"),
        "{}",
        errors[0]
    );

    let folder = dir.path().join("site");
    fs::create_dir(&folder).unwrap();
    write(
        &folder,
        "sitemap.xml",
        b"<?xml version=\"1.0\"?><urlset><url><loc>https://x.example/</loc></url></urlset>",
    );
    write(&folder, "news.xml", ATOM.as_bytes());
    write(&folder, "more.atom", ATOM.as_bytes());
    let (inputs, errors) = expand(&[folder.display().to_string()]);
    assert!(errors.is_empty());
    let names: Vec<String> = inputs
        .iter()
        .map(|i| {
            Path::new(&i.origin())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["more.atom", "news.xml"]);
}

#[test]
fn a_feed_on_stdin_or_with_an_unknown_name_is_recognised_by_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "feed.download", RSS.as_bytes());
    let (docs, _) = split(read_path(&path));
    assert_eq!(docs.len(), 3);
    assert_eq!(Format::from_path(Path::new("a.atom")), Some(Format::Feed));
    assert_eq!(
        Format::from_path(Path::new("crawl.warc.gz")),
        Some(Format::Warc)
    );
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made-up-pages.warc")
}

/// What the fixture's three pages must give, whatever the packaging.
fn assert_fixture_documents(docs: &[Document], origin: &str) {
    assert_eq!(docs.len(), 3, "{docs:#?}");
    let bridge = &docs[0];
    assert_eq!(bridge.origin, format!("{origin}#record 3"));
    assert_eq!(
        bridge.url.as_deref(),
        Some("https://www.valley-courier.example/region/bridge-reopens")
    );
    assert_eq!(bridge.outlet.as_deref(), Some("valley-courier.example"));
    assert_eq!(
        bridge.published.unwrap().to_string(),
        "2031-05-03T10:00:02Z",
        "WARC-Date when the page says nothing"
    );
    assert!(
        bridge
            .text
            .starts_with("The footbridge over the Tamsin river"),
        "{}",
        bridge.text
    );
    assert!(bridge.text.contains("About 1,200 people cross the bridge"));
    assert!(
        !bridge.text.contains("Home") && !bridge.text.contains("made-up news"),
        "{}",
        bridge.text
    );

    let fire = &docs[1];
    assert_eq!(fire.origin, format!("{origin}#record 4"));
    assert_eq!(
        fire.title.as_deref(),
        Some("Orchard fire near Greyford contained")
    );
    assert_eq!(
        fire.published.unwrap().to_string(),
        "2031-05-02T08:30:00Z",
        "the page's own date wins"
    );
    assert!(
        fire.text.contains("40 hectares of apple orchards"),
        "chunked gzip body decoded: {}",
        fire.text
    );

    let notice = &docs[2];
    assert_eq!(notice.origin, format!("{origin}#record 7"));
    assert_eq!(
        notice.url.as_deref(),
        Some("https://water.greyford.example/notices/42.txt")
    );
    assert!(notice
        .text
        .starts_with("Notice from the Greyford water board"));
}

#[test]
fn warc_responses_become_documents_and_everything_else_is_passed_over() {
    let path = fixture();
    let (docs, errors) = split(read_path(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_fixture_documents(&docs, &path.display().to_string());
}

/// Splits the fixture at its version lines, as a writer would frame records.
fn fixture_records() -> Vec<Vec<u8>> {
    let bytes = fs::read(fixture()).unwrap();
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| {
            bytes[i..].starts_with(b"WARC/1.1\r\n") && (i == 0 || bytes[..i].ends_with(b"\r\n\r\n"))
        })
        .collect();
    assert_eq!(starts.len(), 8);
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| bytes[start..starts.get(n + 1).copied().unwrap_or(bytes.len())].to_vec())
        .collect()
}

#[test]
fn warc_gz_with_one_gzip_member_per_record_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    for record in fixture_records() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&record).unwrap();
        archive.extend(gz.finish().unwrap());
    }
    let path = write(dir.path(), "pages.warc.gz", &archive);
    let (docs, errors) = split(read_path(&path));
    assert!(errors.is_empty(), "{errors:?}");
    assert_fixture_documents(&docs, &path.display().to_string());
    // Gzip under a plain .warc name is recognised by its magic bytes.
    let renamed = write(dir.path(), "pages.warc", &archive);
    assert_eq!(split(read_path(&renamed)).0.len(), 3);
}

#[test]
fn a_truncated_record_is_reported_and_the_records_before_it_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let records = fixture_records();
    // The text/plain response (record 7) cut in its headers, then in its block.
    for keep in [40, records[6].len() - 20] {
        let mut cut: Vec<u8> = records[..6].concat();
        cut.extend_from_slice(&records[6][..keep]);
        let path = write(dir.path(), "cut.warc", &cut);
        let (docs, errors) = split(read_path(&path));
        assert_eq!(docs.len(), 2, "the two pages before the cut: {docs:?}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].origin(), format!("{}#record 7", path.display()));
        assert!(errors[0].to_string().contains("cut short"), "{}", errors[0]);
    }

    // Gzip cut in the middle of a member: same story.
    let mut archive = Vec::new();
    for record in &records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(record).unwrap();
        archive.extend(gz.finish().unwrap());
    }
    archive.truncate(archive.len() - 40);
    let path = write(dir.path(), "cut.warc.gz", &archive);
    let (docs, errors) = split(read_path(&path));
    assert_eq!(
        docs.len(),
        3,
        "all pages precede the damaged metadata record"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn garbage_where_a_record_should_start_is_one_error_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let records = fixture_records();
    let mut bytes: Vec<u8> = records[..3].concat();
    bytes.extend_from_slice(b"this is not a record\r\nnor this\r\n");
    bytes.extend(records[3..].concat());
    let path = write(dir.path(), "garbled.warc", &bytes);
    let (docs, errors) = split(read_path(&path));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].origin(), format!("{}#record 4", path.display()));
    let message = errors[0].to_string();
    assert!(
        message.contains("expected a WARC/1.x version line")
            && message.contains("\"this is not a record\"")
            && message.contains("reading goes on at the next record"),
        "{message}"
    );
    // The pages after the garbage keep their record numbers.
    assert_fixture_documents(&docs, &path.display().to_string());
}

#[test]
fn a_damaged_gzip_member_costs_its_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.warc.gz");
    let origin = path.display().to_string();
    // The bridge page's member (record 3): its deflate data overwritten,
    // found only at the checksum; or its header broken, found at once.
    let damages: [fn(&mut Vec<u8>); 2] = [
        |member| {
            let middle = member.len() / 2;
            member[middle - 16..middle + 16].fill(0xff);
        },
        |member| member[0] = 0,
    ];
    for damage in damages {
        let mut archive = Vec::new();
        for (index, record) in fixture_records().iter().enumerate() {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(record).unwrap();
            let mut member = gz.finish().unwrap();
            if index == 2 {
                damage(&mut member);
            }
            archive.extend(member);
        }
        fs::write(&path, &archive).unwrap();
        let (docs, errors) = split(read_path(&path));
        // Records are numbered as read, and a member lost whole is not
        // read: pages are told by their address.
        let urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
        assert_eq!(
            urls,
            [
                "https://news.greyford.example/2031/05/orchard-fire",
                "https://water.greyford.example/notices/42.txt"
            ],
            "{errors:?}"
        );
        assert!(errors.iter().all(|e| e.origin().starts_with(&origin)));
        // Garbage decoded before a checksum fails may bring errors of its
        // own; the damage itself is always told.
        assert!(
            errors
                .iter()
                .any(|e| e.to_string().contains("damaged gzip member")),
            "{errors:?}"
        );
    }
}

#[test]
fn a_response_page_without_article_text_is_an_error_naming_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><nav><a href=\"/\">Home</a></nav></body></html>";
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://empty.example/\r\nWARC-Date: 2031-01-01T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    record.extend_from_slice(page);
    record.extend_from_slice(b"\r\n\r\n");
    let mut bytes = record.clone();
    bytes.extend(fixture_records()[2].clone());
    let path = write(dir.path(), "mixed.warc", &bytes);
    let (docs, errors) = split(read_path(&path));
    assert_eq!(docs.len(), 1, "the good page after the bad one still comes");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].origin(), format!("{}#record 1", path.display()));
    assert!(
        matches!(errors[0], IngestError::NoArticle { .. }),
        "{:?}",
        errors[0]
    );
}

/// The shared article-extraction pages packed into a WARC at test time (in a
/// temporary folder, never committed): each page must come out of the
/// archive exactly as it comes out of its own file.
#[test]
fn shared_pages_read_the_same_from_a_warc_as_from_their_files() {
    let folder = contested_testkit::require_shared!("data/article-extraction/html");
    let mut pages: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    pages.truncate(25);
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let mut expected = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let mut html = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::MultiGzDecoder::new(fs::File::open(page).unwrap()),
            &mut html,
        )
        .unwrap();
        let from_file = contested_ingest::html::extract(&html, None);
        let uri = format!("https://pages.example/{n}");
        let block = [
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                html.len()
            )
            .into_bytes(),
            html,
        ]
        .concat();
        let mut record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2030-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        record.extend(block);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&record).unwrap();
        archive.extend(gz.finish().unwrap());
        expected.push(from_file.ok().map(|e| e.text));
    }
    let path = write(dir.path(), "shared-pages.warc.gz", &archive);
    let results = read_path(&path);
    assert_eq!(results.len(), pages.len());
    for ((result, expected), page) in results.iter().zip(&expected).zip(&pages) {
        match (result, expected) {
            (Ok(doc), Some(text)) => assert_eq!(&doc.text, text, "{}", page.display()),
            (Err(_), None) => {}
            (got, want) => panic!(
                "{}: archive gave {got:?}, file gave {want:?}",
                page.display()
            ),
        }
    }
    assert!(expected.iter().filter(|e| e.is_some()).count() >= 20);
}

/// Cut anywhere, an archive gives the pages wholly before the cut, in
/// order, then at most one error; damaged anywhere, it never panics.
#[test]
fn any_cut_keeps_the_pages_before_it_and_any_damaged_byte_is_survived() {
    let bytes = fs::read(fixture()).unwrap();
    let (whole, _) = split(read_path(&fixture()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.warc");
    for cut in (1..bytes.len()).step_by(13) {
        fs::write(&path, &bytes[..cut]).unwrap();
        let results = read_path(&path);
        let errors = results.iter().filter(|r| r.is_err()).count();
        assert!(errors <= 1, "cut at {cut}: {results:?}");
        if errors == 1 {
            assert!(
                results.last().unwrap().is_err(),
                "cut at {cut}: the error ends the archive"
            );
        }
        let docs: Vec<&Document> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        for (got, want) in docs.iter().zip(&whole) {
            assert_eq!(got.id, want.id, "cut at {cut}");
        }
    }
    for at in (0..bytes.len()).step_by(17) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5a;
        fs::write(&path, &damaged).unwrap();
        let results = read_path(&path);
        assert!(results.len() <= whole.len() + 1, "byte {at}: {results:?}");
    }
}
