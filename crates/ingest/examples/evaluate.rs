//! Prints precision, recall and F1 of the HTML extractor on a folder of
//! pages with a ground-truth file: `evaluate HTML_DIR TRUTH_JSON`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [html_dir, truth] = args.as_slice() else {
        eprintln!("usage: evaluate HTML_DIR TRUTH_JSON");
        std::process::exit(2);
    };
    match contested_ingest::eval::evaluate(html_dir.as_ref(), truth.as_ref()) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
