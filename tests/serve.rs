//! `gongwen serve`: the preview page over plain HTTP, and in headless Chromium (Debian's
//! `chromium`, installed by `scripts/setup.sh tests`): the page loads with the title, shows the
//! new text after an edit, and shows a mistake with its file:line:column while the last good
//! pages stay.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `gongwen serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    /// The server's standard output, held open so that it can go on printing.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The first line gives the address: 预览地址（preview）：http://127.0.0.1:PORT/
        let mut line = String::new();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        output.read_line(&mut line).unwrap();
        let port = line
            .trim()
            .strip_suffix('/')
            .and_then(|l| l.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        assert!(line.contains("http://127.0.0.1:"), "{line}");
        Server {
            child,
            port,
            _stdout: output,
        }
    }

    /// Status and body of `GET path`, with `host` as the Host header.
    fn get_as(&self, path: &str, host: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut body = response[split + 4..].to_vec();
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            body = unchunk(&body);
        }
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = self.get_as(path, &format!("127.0.0.1:{}", self.port));
        (status, String::from_utf8(body).unwrap())
    }

    fn generation(&self) -> u64 {
        self.get("/generation").1.trim().parse().unwrap()
    }

    /// Block until the server has rendered again after `generation` (the page's own
    /// long-polling request), and return the new generation.
    fn wait_after(&self, generation: u64) -> u64 {
        loop {
            let now: u64 = self.get(&format!("/wait?after={generation}")).1.trim().parse().unwrap();
            if now > generation {
                return now;
            }
        }
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 4 + size..];
    }
}

/// A folder with a copy of the sample plan, as `sample.yaml`.
fn plan_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("sample.yaml");
    std::fs::write(&plan, sample_yaml()).unwrap();
    (dir, plan)
}

const NEW_TEXT: &str = "预览测试新增的一段指导思想";

/// The sample with one more paragraph of guiding ideology.
fn edited() -> String {
    let yaml = sample_yaml();
    let heading = yaml.find("\nguiding_ideology:").unwrap() + 1;
    let at = heading + yaml[heading..].find('\n').unwrap() + 1;
    format!("{}  - {NEW_TEXT}。\n{}", &yaml[..at], &yaml[at..])
}

/// The sample with `year` made text: an error at a known line and column.
fn broken() -> (String, usize, usize) {
    let yaml = sample_yaml();
    let bad = yaml.replacen("year: 2021", "year: 二〇二一", 1);
    let (line, col) = position_of(&bad, "二〇二一");
    (bad, line, col)
}

/// The text of the page, tags removed (the SVG pages carry the document's text).
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_page_follows_edits_and_shows_mistakes_over_the_last_good_pages() {
    let (dir, plan) = plan_dir();
    let server = Server::start(dir.path(), &["sample.yaml"]);
    let (status, html) = server.get("/");
    assert_eq!(status, 200);
    assert!(html.contains("<title>创建乡村振兴先进镇工作方案"), "{html}");
    let text = page_text(&html);
    assert!(text.contains("创建乡村振兴先进镇工作方案"));
    assert!(text.contains("指导思想"));
    assert!(!text.contains(NEW_TEXT));
    // The PDF of the same render.
    let (status, pdf) = server.get_as("/doc/0.pdf", &format!("localhost:{}", server.port));
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));

    // An edit: rendered again, the new text on the page.
    let first = server.generation();
    std::fs::write(&plan, edited()).unwrap();
    let second = server.wait_after(first);
    let text = page_text(&server.get("/").1);
    assert!(without_whitespace(&text).contains(NEW_TEXT), "{text}");

    // A mistake: shown with its place, and the last good pages (with the new text) stay.
    let (bad, line, col) = broken();
    std::fs::write(&plan, bad).unwrap();
    server.wait_after(second);
    let html = server.get("/").1;
    assert!(html.contains(r#"class="problems""#), "{html}");
    assert!(html.contains(&format!("sample.yaml:{line}:{col}")), "{html}");
    assert!(html.contains("document.year"), "{html}");
    assert!(without_whitespace(&page_text(&html)).contains(NEW_TEXT));
}

#[test]
fn only_this_machine_under_its_own_address_is_answered() {
    let (dir, _) = plan_dir();
    let server = Server::start(dir.path(), &["sample.yaml"]);
    // Another name pointed at 127.0.0.1 (DNS rebinding) is refused.
    let (status, body) = server.get_as("/", "evil.example:80");
    assert_eq!(status, 403);
    assert!(!String::from_utf8_lossy(&body).contains("创建"));
    assert_eq!(server.get("/nothing").0, 404);
    assert_eq!(server.get("/doc/7.pdf").0, 404);
    // Bound to the loopback address only.
    let out = Command::new("ss").args(["-ltnH"]).output();
    if let Ok(out) = out {
        let listing = String::from_utf8_lossy(&out.stdout).into_owned();
        let ours: Vec<&str> = listing
            .lines()
            .filter(|l| l.contains(&format!(":{} ", server.port)))
            .collect();
        assert!(!ours.is_empty(), "{listing}");
        assert!(
            ours.iter().all(|l| l.contains(&format!("127.0.0.1:{}", server.port))),
            "{ours:?}"
        );
    }
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let (dir, _) = plan_dir();
    let server = Server::start(dir.path(), &["sample.yaml"]);
    let out = gongwen(
        dir.path(),
        &["serve", "sample.yaml", "--port", &server.port.to_string()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("127.0.0.1:{}", server.port)),
        "{}",
        stderr(&out)
    );
}

/// Debian's Chromium, run as the README says (as root it needs --no-sandbox; the other flags
/// keep it off the network).
fn chromium_dom(url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn chromium_shows_the_title_the_new_text_and_the_mistake() {
    if Command::new("chromium").arg("--version").output().is_err() {
        eprintln!("skipped: chromium is not installed (scripts/setup.sh tests installs Debian's chromium)");
        return;
    }
    let (dir, plan) = plan_dir();
    let server = Server::start(dir.path(), &["sample.yaml"]);
    let url = format!("http://127.0.0.1:{}/", server.port);

    let dom = chromium_dom(&url);
    assert!(dom.contains("<title>创建乡村振兴先进镇工作方案"), "{dom}");
    // The pages are SVG drawn from the layout: the title is text on the first page.
    let first_page = &dom[dom.find("<svg").unwrap()..dom.find("</svg>").unwrap()];
    assert!(page_text(first_page).contains("创建乡村振兴先进镇工作方案"));
    assert!(dom.matches("<svg").count() >= 5, "the sample has several pages");

    let generation = server.generation();
    std::fs::write(&plan, edited()).unwrap();
    let generation = server.wait_after(generation);
    let dom = chromium_dom(&url);
    assert!(without_whitespace(&page_text(&dom)).contains(NEW_TEXT), "{dom}");

    let (bad, line, col) = broken();
    std::fs::write(&plan, bad).unwrap();
    server.wait_after(generation);
    let dom = chromium_dom(&url);
    assert!(dom.contains(&format!("sample.yaml:{line}:{col}")), "{dom}");
    assert!(without_whitespace(&page_text(&dom)).contains(NEW_TEXT));
}
