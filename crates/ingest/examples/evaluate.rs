//! Prints precision, recall and F1 of the HTML extractor on a folder of
//! pages with a ground-truth file: `evaluate HTML_DIR TRUTH_JSON`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [html_dir, truth] = args.as_slice() else {
        eprintln!("usage: evaluate HTML_DIR TRUTH_JSON");
        std::process::exit(2);
    };
    match contested_ingest::eval::evaluate(html_dir.as_ref(), truth.as_ref()) {
        Ok(report) => {
            print!("{report}");
            // EVAL_ALL=1 lists every page, worst first, for page-by-page work.
            if std::env::var_os("EVAL_ALL").is_some() {
                for page in report.worst(usize::MAX) {
                    let o = page.overlap;
                    println!(
                        "{:.3} p={:.3} r={:.3} {} {}",
                        o.f1(),
                        o.precision().unwrap_or(0.0),
                        o.recall().unwrap_or(0.0),
                        &page.id[..8],
                        page.url
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
