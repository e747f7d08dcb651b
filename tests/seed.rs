//! The sample plan reproduces the seed document: character by character, after the
//! normalisation the issue allows (whitespace, Markdown markup, full-width punctuation, the
//! three corrections of the web copy, and the signature block the web copy lacks).

mod common;
use common::*;
use gongwen::pipeline::plan_to_markdown;
use gongwen::renderer::markdown::MarkdownRenderer;

const SIGNATURE_MARKER: &str = "<!-- gongwen:signature -->";

fn seed_body() -> String {
    let path = repo().join("../shared/seed/body.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (shared/ must sit beside the repo)", path.display()))
}

/// The seed as the document should read: corrections applied (each must be present, so the
/// test proves the slip was there and is gone), ASCII punctuation made full-width.
fn corrected_seed() -> String {
    let mut s = seed_body();
    for (slip, fix) in [
        ("建有农村电商服务站建有农村电商服务站", "建有农村电商服务站"),
        ("处于前县前列", "处于全县前列"),
        ("同志同志", "同志"),
    ] {
        assert_eq!(
            s.matches(slip).count(),
            1,
            "the seed should contain the slip {slip:?} once"
        );
        s = s.replace(slip, fix);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let digit = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_ascii_digit());
        out.push(match c {
            ',' => '，',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            ';' => '；',
            // "美丽XX.宜居乡村": an interpunct in print; "1.54" stays a decimal point.
            '.' if !(digit(i.checked_sub(1)) && digit(Some(i + 1))) => '·',
            other => *other,
        });
    }
    without_whitespace(&out)
}

fn sample_markdown() -> String {
    let renderer = MarkdownRenderer::new(None).expect("built-in templates compile");
    plan_to_markdown(&sample_path(), &renderer).unwrap_or_else(|d| panic!("sample renders: {d:?}"))
}

#[test]
fn sample_markdown_equals_the_seed_body() {
    let md = sample_markdown();
    let (body, _) = md.split_once(SIGNATURE_MARKER).expect("signature block present");
    let got = without_whitespace(&markdown_text(body));
    let want = corrected_seed();
    let got_chars: Vec<char> = got.chars().collect();
    let want_chars: Vec<char> = want.chars().collect();
    if let Some(i) = (0..got_chars.len().min(want_chars.len())).find(|&i| got_chars[i] != want_chars[i]) {
        let ctx = |v: &[char]| {
            v[i.saturating_sub(20)..(i + 20).min(v.len())]
                .iter()
                .collect::<String>()
        };
        panic!(
            "first difference at character {i}:\n  generated: {}\n  seed:      {}",
            ctx(&got_chars),
            ctx(&want_chars)
        );
    }
    assert_eq!(got_chars.len(), want_chars.len(), "one text is a prefix of the other");
}

#[test]
fn signature_block_names_the_issuers_and_the_date() {
    let md = sample_markdown();
    let (_, signature) = md.split_once(SIGNATURE_MARKER).expect("signature block present");
    let text = markdown_text(signature);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(lines, ["中共XX镇委员会", "XX镇人民政府", "2021年3月15日"]);
}
