//! Readers on generated inputs: every format, and every kind of bad input
//! giving one clear error while the rest of the batch still reads.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use contested_core::Document;
use contested_ingest::{expand, read, IngestError, Input, ReadOptions};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

fn read_path(path: &Path, options: &ReadOptions) -> Vec<Result<Document, IngestError>> {
    read(&Input::Path(path.to_path_buf()), options).collect()
}

fn one_doc(path: &Path) -> Document {
    let mut results = read_path(path, &ReadOptions::default());
    assert_eq!(results.len(), 1, "{results:?}");
    results.remove(0).unwrap_or_else(|e| panic!("{e}"))
}

fn one_error(path: &Path, options: &ReadOptions) -> IngestError {
    let mut results = read_path(path, options);
    assert_eq!(results.len(), 1, "{results:?}");
    match results.remove(0) {
        Ok(doc) => panic!("expected an error for {}, got {doc:?}", path.display()),
        Err(e) => {
            assert_eq!(
                e.origin(),
                path.display().to_string(),
                "error names the input"
            );
            assert!(
                e.to_string().starts_with(&path.display().to_string()),
                "{e}"
            );
            e
        }
    }
}

const ARTICLE_PAGE: &str = r#"<!doctype html>
<html><head>
<title>Shelling hits market in Aleppo | Example News</title>
<meta property="og:title" content="Shelling hits market in Aleppo">
<meta property="article:published_time" content="2016-08-03T10:15:00+03:00">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://www.example-news.com/world/aleppo-market">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Shelling hits market in Aleppo</h1>
<p>At least 12 people were killed when shells hit a crowded market in the eastern part of the city on Tuesday morning, a monitoring group said, adding that dozens more were wounded.</p>
<p>The Syrian Observatory for Human Rights said the death toll was likely to rise because several of the wounded were in a critical condition and hospitals were short of supplies.</p>
<p>Government forces and rebels have traded blame for the attack, which came a day after talks on a local ceasefire broke down without agreement between the two sides.</p>
</article>
<footer>Copyright 2016 Example News. All rights reserved.</footer>
</body></html>"#;

#[test]
fn html_page_gives_main_text_in_paragraphs_and_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "page.html", ARTICLE_PAGE.as_bytes());
    let doc = one_doc(&path);
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("At least 12 people were killed")),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.ends_with("without agreement between the two sides.")),
        "{paragraphs:?}"
    );
    assert!(
        !doc.text.contains("All rights reserved"),
        "footer is not article text: {}",
        doc.text
    );
    assert!(
        !doc.text.contains("Sport"),
        "navigation is not article text: {}",
        doc.text
    );
    assert_eq!(doc.title.as_deref(), Some("Shelling hits market in Aleppo"));
    assert_eq!(doc.published.unwrap().to_string(), "2016-08-03T07:15:00Z");
    assert_eq!(
        doc.url.as_deref(),
        Some("https://www.example-news.com/world/aleppo-market")
    );
    assert_eq!(doc.outlet.as_deref(), Some("example-news.com"));
    assert_eq!(doc.origin, path.display().to_string());
}

#[test]
fn gzipped_html_reads_like_html_and_the_id_depends_on_content_only() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "a/page.html", ARTICLE_PAGE.as_bytes());
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(ARTICLE_PAGE.as_bytes()).unwrap();
    let gz = write(dir.path(), "b/page.html.gz", &encoder.finish().unwrap());
    let from_plain = one_doc(&plain);
    let from_gz = one_doc(&gz);
    assert_eq!(from_plain.text, from_gz.text);
    assert_eq!(
        from_plain.id, from_gz.id,
        "same article from two paths is one document"
    );
    assert_ne!(from_plain.origin, from_gz.origin);
}

#[test]
fn json_ld_date_is_used_when_meta_has_none() {
    let page = ARTICLE_PAGE.replace(
        r#"<meta property="article:published_time" content="2016-08-03T10:15:00+03:00">"#,
        r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2016-08-02 21:00:00"}]}</script>"#,
    );
    let dir = tempfile::tempdir().unwrap();
    let doc = one_doc(&write(dir.path(), "page.htm", page.as_bytes()));
    assert_eq!(doc.published.unwrap().to_string(), "2016-08-02T21:00:00Z");
}

#[test]
fn html_in_a_legacy_charset_is_decoded() {
    let page = ARTICLE_PAGE
        .replace(
            "<head>",
            r#"<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">"#,
        )
        .replace(
            "At least 12 people",
            "Caf\u{e9} owners said at least 12 people",
        );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test page must not be UTF-8"
    );
    let dir = tempfile::tempdir().unwrap();
    let doc = one_doc(&write(dir.path(), "latin.html", &bytes));
    assert!(
        doc.text.contains("Café owners said at least 12 people"),
        "{}",
        doc.text
    );
}

#[test]
fn text_file_keeps_layout_without_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.txt",
        b"\xEF\xBB\xBFFirst line\r\nsecond line\r\n\r\nNext paragraph.\r\n",
    );
    let doc = one_doc(&path);
    assert_eq!(doc.text, "First line\nsecond line\n\nNext paragraph.\n");
    assert_eq!(doc.title, None);
}

#[test]
fn markdown_front_matter_gives_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.md",
        b"---\ntitle: Battle of Shusha\ndate: 2020-11-08\nurl: https://en.wikipedia.org/wiki/Battle_of_Shusha\n---\n\nThe battle began.\n",
    );
    let doc = one_doc(&path);
    assert_eq!(doc.text, "The battle began.\n");
    assert_eq!(doc.title.as_deref(), Some("Battle of Shusha"));
    assert_eq!(doc.published.unwrap().to_string(), "2020-11-08T00:00:00Z");
    assert_eq!(doc.outlet.as_deref(), Some("en.wikipedia.org"));
}

#[test]
fn jsonl_line_that_is_not_json_is_skipped_and_the_others_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        concat!(
            r#"{"title":"One","text":"First report.","date":"2016-01-11 15:34:10","url":"https://www.reuters.com/a"}"#,
            "\n{not json at all\n\n",
            r#"{"headline":"Three","body":"Third report.","outlet":"AFP","published":"2016-01-12"}"#,
            "\n"
        )
        .as_bytes(),
    );
    let results = read_path(&path, &ReadOptions::default());
    assert_eq!(results.len(), 3, "{results:?}");
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.text, "First report.");
    assert_eq!(first.outlet.as_deref(), Some("reuters.com"));
    assert_eq!(first.published.unwrap().to_string(), "2016-01-11T15:34:10Z");
    assert_eq!(first.origin, format!("{}#line 1", path.display()));
    let bad = results[1].as_ref().unwrap_err();
    assert_eq!(bad.origin(), format!("{}#line 2", path.display()));
    assert!(bad.to_string().contains("not JSON"), "{bad}");
    let third = results[2].as_ref().unwrap();
    assert_eq!(third.title.as_deref(), Some("Three"));
    assert_eq!(third.outlet.as_deref(), Some("AFP"));
    assert_eq!(third.origin, format!("{}#line 4", path.display()));
}

#[test]
fn options_choose_fields_and_outlet() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "f.ndjson",
        br#"{"story":"The text.","text":"not this","source":"X"}"#,
    );
    let options = ReadOptions {
        text_field: Some("story".into()),
        outlet: Some("Forced".into()),
        ..Default::default()
    };
    let docs: Vec<_> = read_path(&path, &options)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs[0].text, "The text.");
    assert_eq!(docs[0].outlet.as_deref(), Some("Forced"));
}

#[test]
fn csv_rows_become_documents_with_fakes_style_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.csv",
        b"unit_id,article_title,article_content,source,date\n1,T1,\"Body one, with comma.\",SANA,7/28/2015\n2,T2,Body two.,,2/1/2015\n",
    );
    let docs: Vec<Document> = read_path(&path, &ReadOptions::default())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "Body one, with comma.");
    assert_eq!(docs[0].title.as_deref(), Some("T1"));
    assert_eq!(docs[0].outlet.as_deref(), Some("SANA"));
    assert_eq!(
        docs[0].published.unwrap().to_string(),
        "2015-07-28T00:00:00Z"
    );
    assert_eq!(docs[0].origin, format!("{}#row 1", path.display()));
    assert_eq!(docs[1].outlet, None);
    assert_eq!(docs[1].origin, format!("{}#row 2", path.display()));
}

#[test]
fn csv_without_a_text_column_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.csv", b"id,title,date\n1,T,2016-01-01\n");
    let error = one_error(&path, &ReadOptions::default());
    assert!(
        matches!(error, IngestError::MissingColumn { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("article_content") && message.contains("id, title, date"),
        "{message}"
    );
}

#[test]
fn empty_files_are_reported_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["e.txt", "e.md", "e.html", "e.jsonl", "e.csv"] {
        let path = write(dir.path(), name, b"");
        let error = one_error(&path, &ReadOptions::default());
        assert!(
            matches!(error, IngestError::Empty { .. }),
            "{name}: {error:?}"
        );
    }
    let blank = write(dir.path(), "blank.txt", b"  \n\n \n");
    assert!(matches!(
        one_error(&blank, &ReadOptions::default()),
        IngestError::Empty { .. }
    ));
}

#[test]
fn binary_files_are_refused_even_when_named_html() {
    let dir = tempfile::tempdir().unwrap();
    let png = write(
        dir.path(),
        "image.html",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01",
    );
    let error = one_error(&png, &ReadOptions::default());
    assert!(matches!(error, IngestError::Binary { .. }), "{error:?}");
    assert!(error.to_string().contains("PNG"), "{error}");
    let nul = write(dir.path(), "data.txt", b"some text\x00\x00\x01\x02 more");
    assert!(matches!(
        one_error(&nul, &ReadOptions::default()),
        IngestError::Binary { .. }
    ));
    let fake_gz = write(dir.path(), "page.html.gz", b"<html>not gzip</html>");
    assert!(one_error(&fake_gz, &ReadOptions::default())
        .to_string()
        .contains("not gzip"));
}

#[test]
fn invalid_utf8_text_names_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "latin.txt", b"Caf\xe9 in Homs");
    let error = one_error(&path, &ReadOptions::default());
    assert!(
        matches!(error, IngestError::InvalidUtf8 { offset: 3, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("UTF-8"), "{error}");
}

#[test]
fn html_page_without_an_article_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "empty.html",
        b"<html><head><title>Nothing</title></head><body>  </body></html>",
    );
    let error = one_error(&path, &ReadOptions::default());
    assert!(matches!(error, IngestError::NoArticle { .. }), "{error:?}");
    let scripts_only = write(
        dir.path(),
        "scripts.html",
        format!(
            "<html><body><script>{}</script></body></html>",
            "var x = 1;".repeat(100_000)
        )
        .as_bytes(),
    );
    assert!(matches!(
        one_error(&scripts_only, &ReadOptions::default()),
        IngestError::NoArticle { .. }
    ));
}

#[test]
fn a_200_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["huge.html", "huge.txt"] {
        let path = dir.path().join(name);
        // Sparse: takes no disk space, and reading it would take seconds.
        fs::File::create(&path)
            .unwrap()
            .set_len(200 * 1024 * 1024)
            .unwrap();
        let started = std::time::Instant::now();
        let error = one_error(&path, &ReadOptions::default());
        assert!(
            matches!(
                error,
                IngestError::TooLarge {
                    size: 209_715_200,
                    limit: 52_428_800,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            started.elapsed().as_secs() < 2,
            "the size check must come before reading"
        );
    }
}

#[test]
fn record_files_are_limited_per_record_not_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let long_line = format!(r#"{{"text":"{}"}}"#, "x".repeat(5_000));
    let body = format!("{{\"text\":\"short one\"}}\n{long_line}\n{{\"text\":\"short two\"}}\n");
    let path = write(dir.path(), "big.jsonl", body.as_bytes());
    let options = ReadOptions {
        max_document_bytes: 1_000,
        ..Default::default()
    };
    let results = read_path(&path, &options);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().text, "short one");
    assert!(
        matches!(results[1], Err(IngestError::TooLarge { .. })),
        "{:?}",
        results[1]
    );
    assert_eq!(results[2].as_ref().unwrap().text, "short two");
    assert!(
        body.len() > 1_000,
        "the file as a whole is over the limit and still read"
    );
}

#[test]
fn expand_walks_folders_and_globs_and_reports_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "corpus/a.txt", b"a");
    write(root, "corpus/sub/b.html", b"<p>b</p>");
    write(root, "corpus/sub/c.jsonl", b"{}");
    write(root, "corpus/notes.pdf", b"%PDF");
    write(root, "corpus/.hidden/d.txt", b"d");
    write(root, "other/x.csv", b"text\nx\n");
    let arg = |p: &str| root.join(p).display().to_string();
    let (inputs, errors) = expand(&[
        arg("corpus"),
        arg("other/*.csv"),
        arg("corpus/a.txt"),
        "-".to_string(),
        arg("missing.txt"),
        arg("nothing/*.md"),
    ]);
    let expected: Vec<Input> = [
        "corpus/a.txt",
        "corpus/sub/b.html",
        "corpus/sub/c.jsonl",
        "other/x.csv",
    ]
    .iter()
    .map(|p| Input::Path(root.join(p)))
    .chain([Input::Stdin])
    .collect();
    assert_eq!(inputs, expected);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].to_string().contains("missing.txt")
            && errors[0].to_string().contains("no such file")
    );
    assert!(errors[1].to_string().contains("no file matches"));
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "1-good.txt", b"A good report.");
    write(root, "2-empty.txt", b"");
    write(root, "3-binary.html", b"\x00\x01\x02\x03");
    write(root, "4-good.html", ARTICLE_PAGE.as_bytes());
    write(root, "5-bad.csv", b"nothing,useful\n1,2\n");
    let (inputs, errors) = expand(&[root.display().to_string()]);
    assert!(errors.is_empty());
    let (docs, errors): (Vec<_>, Vec<_>) = inputs
        .iter()
        .flat_map(|input| read(input, &ReadOptions::default()))
        .partition(Result::is_ok);
    assert_eq!(docs.len(), 2);
    let failed: Vec<String> = errors
        .into_iter()
        .map(|e| e.unwrap_err().origin().to_string())
        .collect();
    assert_eq!(failed.len(), 3);
    for (origin, name) in failed
        .iter()
        .zip(["2-empty.txt", "3-binary.html", "5-bad.csv"])
    {
        assert!(origin.ends_with(name), "{origin} should name {name}");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzipped_page_over_the_limit_once_inflated_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!("<html><body><p>{}</p></body></html>", "word ".repeat(2_000));
    let path = write(dir.path(), "bomb.html.gz", &gzip(page.as_bytes()));
    let options = ReadOptions {
        max_document_bytes: 1_000,
        ..Default::default()
    };
    let error = one_error(&path, &options);
    assert!(
        matches!(error, IngestError::TooLarge { limit: 1_000, .. }),
        "{error:?}"
    );
}

#[test]
fn broken_markup_still_yields_the_article() {
    let broken = ARTICLE_PAGE
        .replace("</p>", "")
        .replace("</article>", "</div></span></table>")
        .replace("<nav>", "<nav class=\"menu><b>")
        .replace("</body></html>", "<div><p>unclosed");
    let dir = tempfile::tempdir().unwrap();
    let doc = one_doc(&write(dir.path(), "broken.html", broken.as_bytes()));
    assert!(
        doc.text.contains("At least 12 people were killed"),
        "{}",
        doc.text
    );
    assert!(
        doc.text
            .contains("without agreement between the two sides."),
        "{}",
        doc.text
    );
    assert!(
        doc.text.split("\n\n").count() >= 3,
        "paragraphs survive unclosed <p>: {}",
        doc.text
    );
}

#[test]
fn page_without_a_body_is_no_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "head-only.html",
        b"<html><head><title>Only a title</title><meta name=x content=y></head></html>",
    );
    assert!(matches!(
        one_error(&path, &ReadOptions::default()),
        IngestError::NoArticle { .. }
    ));
}

#[test]
fn huge_inline_script_is_not_text_and_does_not_hide_the_article() {
    let script = format!(
        "<script>var blob = \"{}</p>\";</script>",
        "<p>fake paragraph in a string ".repeat(200_000)
    );
    let page = ARTICLE_PAGE.replace("<nav>", &format!("{script}<nav>"));
    assert!(page.len() > 5_000_000);
    let dir = tempfile::tempdir().unwrap();
    let doc = one_doc(&write(dir.path(), "scripts.html", page.as_bytes()));
    assert!(
        doc.text.contains("At least 12 people were killed"),
        "{}",
        doc.text
    );
    assert!(
        !doc.text.contains("fake paragraph"),
        "script text leaked into the article"
    );
}

#[test]
fn page_without_charset_declaration_is_detected() {
    let page = ARTICLE_PAGE.replace(
        "At least 12 people were killed",
        "По данным наблюдателей, в результате обстрела рынка в восточной части города погибли по меньшей мере 12 человек, десятки получили ранения. At least 12 people were killed",
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
    assert!(std::str::from_utf8(&bytes).is_err() && !page.contains("charset"));
    let dir = tempfile::tempdir().unwrap();
    let doc = one_doc(&write(dir.path(), "cp1251.html", &bytes));
    assert!(
        doc.text
            .contains("По данным наблюдателей, в результате обстрела рынка"),
        "{}",
        doc.text
    );
}

#[test]
fn pathologically_deep_markup_does_not_overflow_the_stack() {
    let prose =
        "Deep inside the markup sits the only paragraph of this page, long enough to count. "
            .repeat(8);
    let nested_divs = format!(
        "<html><body>{}<p>{prose}</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let unclosed_inline = format!(
        "<html><body>{}<p>{prose}</p></body></html>",
        "<span><b>".repeat(50_000)
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, page) in [("divs.html", nested_divs), ("inline.html", unclosed_inline)] {
        let doc = one_doc(&write(dir.path(), name, page.as_bytes()));
        assert!(
            doc.text
                .contains("Deep inside the markup sits the only paragraph"),
            "{name}: {}",
            doc.text
        );
    }
}

#[test]
fn csv_from_a_spreadsheet_with_bom_and_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "excel.csv", b"\xEF\xBB\xBFTitle,Text,Link\r\nA,First body.,https://www.aljazeera.com/x\r\nB,Caf\xe9 body,\r\nC,Third body.,\r\n");
    let results = read_path(&path, &ReadOptions::default());
    assert_eq!(results.len(), 3, "{results:?}");
    let first = results[0].as_ref().unwrap();
    assert_eq!(
        (first.title.as_deref(), first.text.as_str()),
        (Some("A"), "First body.")
    );
    assert_eq!(first.outlet.as_deref(), Some("aljazeera.com"));
    let bad = results[1].as_ref().unwrap_err();
    assert!(matches!(bad, IngestError::InvalidUtf8 { .. }), "{bad:?}");
    assert_eq!(bad.origin(), format!("{}#row 2", path.display()));
    assert_eq!(results[2].as_ref().unwrap().text, "Third body.");
}
