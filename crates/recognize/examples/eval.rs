//! Prints the evaluation table:
//! `cargo run --example eval -- ../shared/data/recognizers [FILE-FILTER]`;
//! with a filter, also every imperfect case of the matching files.
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/data/recognizers".into());
    let path = std::path::Path::new(&dir);
    let result = match std::env::args().nth(2) {
        Some(filter) => contested_recognize::eval::evaluate_traced(path, &filter, Box::new(|line| println!("{line}"))),
        None => contested_recognize::eval::evaluate(path),
    };
    match result {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
