//! Debugging aid for extraction failures: `diff_page HTML_DIR TRUTH_JSON ID_PREFIX`
//! prints each extracted paragraph marked by how much of it the truth has
//! (`+` kept rightly, `-` extra), then truth lines we missed.

use std::collections::HashSet;

fn shingles(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() < 4 {
        return if tokens.is_empty() {
            vec![]
        } else {
            vec![tokens.join(" ")]
        };
    }
    tokens.windows(4).map(|w| w.join(" ")).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages = contested_ingest::eval::load(args[0].as_ref(), args[1].as_ref()).unwrap();
    let page = pages
        .iter()
        .find(|p| p.id.starts_with(&args[2]))
        .expect("no such page");
    let extracted = contested_ingest::html::extract(page.html.as_ref().unwrap(), Some(&page.url));
    println!("url {}", page.url);
    let text = match extracted {
        Ok(e) => {
            println!(
                "title {:?}\nbyline {:?}\npublished {:?}",
                e.title, e.byline, e.published
            );
            e.text
        }
        Err(e) => {
            println!("error {e}");
            String::new()
        }
    };
    let truth: HashSet<String> = shingles(&page.truth).into_iter().collect();
    let ours: HashSet<String> = shingles(&text).into_iter().collect();
    for paragraph in text.split("\n\n") {
        let s = shingles(paragraph);
        let hit = s.iter().filter(|x| truth.contains(*x)).count();
        let mark = if s.is_empty() || hit * 2 >= s.len() {
            '+'
        } else {
            '-'
        };
        println!(
            "{mark} [{hit}/{}] {}",
            s.len(),
            paragraph.chars().take(160).collect::<String>()
        );
    }
    println!("---- missed truth lines:");
    for line in page.truth.lines() {
        let s = shingles(line);
        let hit = s.iter().filter(|x| ours.contains(*x)).count();
        if hit * 2 < s.len() || (!s.is_empty() && hit == 0) {
            println!(
                "  [{hit}/{}] {}",
                s.len(),
                line.chars().take(160).collect::<String>()
            );
        }
    }
}
