//! Reads the files named on the command line and prints one line per
//! document or error: a manual check of the readers on odd inputs.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (inputs, errors) = contested_ingest::expand(&args);
    for error in errors {
        println!("error: {error}");
    }
    for input in &inputs {
        for item in contested_ingest::read(input, &Default::default()) {
            match item {
                Ok(doc) => println!(
                    "{}: {} bytes of text, title {:?}",
                    doc.origin,
                    doc.text.len(),
                    doc.title
                ),
                Err(error) => println!("error: {error}"),
            }
        }
    }
}
