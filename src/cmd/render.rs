//! `gongwen render PLAN.yaml|DOC.md... [-o DIR] [--format md,pdf,ofd,docx]`

use super::{exit, report};
use crate::diagnostic::Diagnostic;
use crate::fonts::{FontCache, Overrides};
use crate::renderer::markdown::Renderers;
use crate::renderer::subset::GlyphUsage;
use crate::renderer::{ofd, pdf};
use clap::ValueEnum;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Plans (.yaml) to render, folders of plans, or Markdown documents (.md) to print as PDF
    #[arg(required = true, value_name = "PLAN")]
    plans: Vec<PathBuf>,
    /// Folder to write into; created if missing
    #[arg(short = 'o', long = "out-dir", value_name = "DIR", default_value = "output")]
    out_dir: PathBuf,
    /// Output formats, comma-separated
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md,pdf")]
    format: Vec<Format>,
    /// Folder of templates that override the built-in ones by name
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Font file for a role, as ROLE=PATH[#FACE]; roles: title, body, heading1, heading2, page_number
    #[arg(long = "font", value_name = "ROLE=PATH", value_parser = crate::fonts::parse_override)]
    fonts: Vec<(crate::fonts::Role, crate::fonts::FontFile)>,
    /// Keep running and render again whenever a plan, base plan, roster or template changes
    #[arg(long)]
    watch: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown, for editing and review
    Md,
    /// Print-ready PDF in GB/T 9704-2012 layout
    Pdf,
    /// OFD (GB/T 33190), the fixed-layout format of government systems: the PDF's pages
    Ofd,
    /// Word/WPS document with the same page set-up, for finishing in the office
    Docx,
}

pub fn run(args: Args) -> u8 {
    if !args.watch {
        return render_all(&args);
    }
    // Watch: render, then again whenever a plan, a base plan, a roster or a template changes.
    // Problems are printed and the watch goes on; Ctrl-C ends it.
    loop {
        // Times taken before rendering: a file saved while it renders is seen next round.
        let files = watched_files(&args.plans, args.templates.as_deref());
        let before = stamps(&files);
        render_all(&args);
        tell!(
            "正在监视 {} 个文件，修改后自动重新生成（Ctrl-C 退出）（watching）",
            files.len()
        );
        wait_for_change(&files, before);
    }
}

/// Every file the outputs depend on: each plan with its bases and roster, each Markdown input,
/// every template in the user's folder.
pub(super) fn watched_files(plans: &[PathBuf], templates: Option<&Path>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders: Vec<PathBuf> = templates.iter().map(|d| d.to_path_buf()).collect();
    let renderers = Renderers::new(templates).ok();
    for input in expand_inputs(plans) {
        match crate::plan::load(&input) {
            Ok(loaded) => {
                files.extend(loaded.docs.iter().map(|d| d.path.clone()));
                folders.extend(renderers.as_ref().and_then(|r| r.folder_for(&loaded)));
            }
            // Unreadable for now: watch the file itself, so that fixing it triggers a render.
            Err(_) => files.push(input),
        }
    }
    folders.sort();
    folders.dedup();
    for dir in folders {
        if let Ok(set) = crate::renderer::templates::TemplateSet::load(Some(&dir)) {
            files.extend(set.sources.into_values().filter_map(|(_, origin)| match origin {
                crate::renderer::templates::Origin::User(path) => Some(path),
                crate::renderer::templates::Origin::Builtin => None,
            }));
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Modification time and size of each file (None for a missing file), so that creating or
/// deleting counts too, and two saves within the clock's granularity still differ in size.
pub(super) type Stamps = Vec<Option<(std::time::SystemTime, u64)>>;

pub(super) fn stamps(files: &[PathBuf]) -> Stamps {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).ok()?;
            Some((meta.modified().ok()?, meta.len()))
        })
        .collect()
}

/// Return once the files have changed from `before` and then stayed unchanged for a moment (an editor may
/// write a file in several steps). Polling a handful of files four times a second costs
/// nothing and sees saves done by renaming, which some editors use.
fn wait_for_change(files: &[PathBuf], before: Stamps) {
    const TICK: std::time::Duration = std::time::Duration::from_millis(250);
    let mut last = before.clone();
    loop {
        std::thread::sleep(TICK);
        let now = stamps(files);
        if now != before && now == last {
            return;
        }
        last = now;
    }
}

/// One pass over every input.
fn render_all(args: &Args) -> u8 {
    let renderer = match Renderers::new(args.templates.as_deref()) {
        Ok(r) => r,
        Err(d) => {
            report(&[d]);
            return exit::INPUT;
        }
    };
    let inputs = expand_inputs(&args.plans);
    // Two inputs with the same file name would write the same outputs: refuse before writing.
    let mut by_stem: HashMap<String, &PathBuf> = HashMap::new();
    for plan in &inputs {
        if let Some(other) = by_stem.insert(stem(plan), plan) {
            tell!(
                "gongwen: {} 和 {} 会写到同名的输出文件（two inputs share a file name）",
                other.display(),
                plan.display()
            );
            return exit::USAGE;
        }
    }
    crate::output::remove_unfinished_on_signal();
    crate::output::remove_stale(&args.out_dir);
    let cli_fonts: Overrides = args.fonts.iter().cloned().collect();
    // One font cache for the whole run: each font file is mapped and parsed once, whatever
    // the number of plans.
    let fonts = FontCache::default();
    let progress = Progress::new(inputs.len());
    // In chunks of plans: lay out every plan of the chunk, subset each font once for all of
    // them, write them, and let go of their layouts before the next chunk, so that memory does
    // not grow with the number of plans.
    let mut results: Vec<Result<Vec<PathBuf>, Failure>> = Vec::with_capacity(inputs.len());
    for chunk in inputs.chunks(BATCH_CHUNK) {
        let prepared: Vec<Result<Prepared, Failure>> = chunk
            .par_iter()
            .map(|input| {
                let result = prepare(input, args, &renderer, &fonts, &cli_fonts);
                match &result {
                    Ok(_) => progress.laid_out(input),
                    Err(failure) => progress.done(input, Err(failure)),
                }
                result
            })
            .collect();
        // Merged in input order (rayon's reduce keeps it), so a run's subsets do not depend on
        // which thread finished first.
        let usage = prepared
            .par_iter()
            .filter_map(|p| {
                let ready = &p.as_ref().ok()?.laid_out.as_ref()?.ready;
                Some(GlyphUsage::of_document(ready.document.as_ref()?, ready.fonts.as_ref()?))
            })
            .reduce(GlyphUsage::default, GlyphUsage::merge);
        let subsets = usage.subset();
        let embedded = Embedded {
            pdf: args
                .format
                .contains(&Format::Pdf)
                .then(|| pdf::embed::Embedded::new(&subsets)),
            ofd: args.format.contains(&Format::Ofd).then(|| ofd::Embedded::new(&subsets)),
        };
        drop(subsets);
        results.par_extend(chunk.par_iter().zip(prepared).map(|(input, prepared)| {
            let prepared = prepared?;
            let result = finish(input, prepared, &embedded);
            progress.done(input, result.as_ref().map(|_| ()));
            result
        }));
    }
    progress.finish();

    let mut code = exit::OK;
    let mut failed = Vec::new();
    for (input, result) in inputs.iter().zip(results) {
        match result {
            Ok(written) => {
                if inputs.len() == 1 {
                    for path in written {
                        say!("已生成 {}", path.display());
                    }
                }
            }
            Err(Failure::Input(diagnostics)) => {
                report(&diagnostics);
                failed.push((input, diagnostics.len(), "输入有问题"));
                code = code.max(exit::INPUT);
            }
            Err(Failure::Output(message)) => {
                tell!("{message}");
                failed.push((input, 1, "无法写入"));
                code = code.max(exit::OUTPUT);
            }
        }
    }
    if inputs.len() > 1 {
        say!(
            "共 {} 个：成功 {} 个，失败 {} 个（{} rendered, {} failed）",
            inputs.len(),
            inputs.len() - failed.len(),
            failed.len(),
            inputs.len() - failed.len(),
            failed.len()
        );
        for (input, problems, why) in failed {
            say!("  失败 {}：{why}，{problems} 处（see above）", input.display());
        }
    }
    code
}

/// Plans laid out together, sharing their font subsets, before they are written and let go
/// of: enough to share the work of subsetting (a few fonts, once per chunk), small enough that a
/// batch of any size stays within a few tens of megabytes.
const BATCH_CHUNK: usize = 256;

/// Plans named on the command line; a folder stands for the `.yaml` files in it, in name order.
pub(super) fn expand_inputs(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut plans: Vec<PathBuf> = std::fs::read_dir(arg)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                        .collect()
                })
                .unwrap_or_default();
            plans.sort();
            if plans.is_empty() {
                out.push(arg.clone()); // reported as "is a directory" with the rest
            }
            out.extend(plans);
        } else {
            out.push(arg.clone());
        }
    }
    out
}

/// Progress of a batch: a line redrawn in place on a terminal, a line per plan otherwise.
struct Progress {
    total: usize,
    /// Plans laid out (the first half of a run) and plans finished (written or failed).
    laid_out: AtomicUsize,
    done: AtomicUsize,
    terminal: bool,
    lock: Mutex<()>,
}

impl Progress {
    fn new(total: usize) -> Self {
        Progress {
            total,
            laid_out: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            terminal: std::io::stderr().is_terminal(),
            lock: Mutex::new(()),
        }
    }

    /// A plan laid out, its PDF still to write: the bar moves (half a step), nothing is printed
    /// when the output is not a terminal.
    fn laid_out(&self, input: &Path) {
        if self.total < 2 || !self.terminal {
            return;
        }
        let n = self.laid_out.fetch_add(1, Ordering::Relaxed) + 1;
        self.draw(n, 0, "排版", input);
    }

    fn done(&self, input: &Path, result: Result<(), &Failure>) {
        if self.total < 2 {
            return;
        }
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let status = if result.is_ok() { "完成" } else { "失败" };
        if self.terminal {
            // A plan that failed before layout counts as laid out too.
            let laid = if result.is_ok() {
                self.laid_out.load(Ordering::Relaxed)
            } else {
                self.laid_out.fetch_add(1, Ordering::Relaxed) + 1
            };
            self.draw(laid, n, status, input);
        } else {
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            tell!("[{n}/{}] {status} {}", self.total, input.display());
        }
    }

    /// The bar counts each plan twice: once laid out, once finished.
    fn draw(&self, laid: usize, done: usize, status: &str, input: &Path) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let width = 30;
        let filled = ((laid + done) * width / (2 * self.total)).min(width);
        tell_inline!(
            "\r[{}{}] {done}/{} {status} {}\x1b[K",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total,
            input.display()
        );
    }

    fn finish(&self) {
        if self.terminal && self.total >= 2 {
            tell!();
        }
    }
}

enum Failure {
    Input(Vec<Diagnostic>),
    Output(String),
}

pub(super) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A plan carried through a run: outputs ready to write, and the pages laid out for the PDF
/// and the OFD but not yet written (they wait for the run's font subsets).
struct Prepared {
    outputs: Vec<(PathBuf, Vec<u8>)>,
    laid_out: Option<LaidOut>,
}

/// A plan laid out for the PDF and the OFD, and where each goes (those asked for).
struct LaidOut {
    pdf: Option<PathBuf>,
    ofd: Option<PathBuf>,
    ready: crate::pipeline::Ready,
}

/// The run's fonts, for each fixed-layout format asked for.
struct Embedded {
    pdf: Option<pdf::embed::Embedded>,
    ofd: Option<ofd::Embedded>,
}

/// Load, check and lay out one input in every requested format.
fn prepare(
    input: &Path,
    args: &Args,
    renderer: &Renderers,
    fonts: &FontCache,
    cli_fonts: &Overrides,
) -> Result<Prepared, Failure> {
    let (want_pdf, want_ofd) = (args.format.contains(&Format::Pdf), args.format.contains(&Format::Ofd));
    let formats = crate::pipeline::Formats {
        pages: want_pdf || want_ofd,
        docx: args.format.contains(&Format::Docx),
    };
    let ready = crate::pipeline::prepare(input, formats, renderer, fonts, cli_fonts).map_err(Failure::Input)?;
    let target = |ext: &str| args.out_dir.join(format!("{}.{ext}", stem(input)));
    let mut outputs = Vec::new();
    if args.format.contains(&Format::Md) && !ready.from_markdown {
        outputs.push((target("md"), ready.markdown.clone().into_bytes()));
    }
    if let Some(docx) = &ready.docx {
        outputs.push((target("docx"), docx.clone()));
    }
    let laid_out = ready.document.is_some().then(|| LaidOut {
        pdf: want_pdf.then(|| target("pdf")),
        ofd: want_ofd.then(|| target("ofd")),
        ready,
    });
    Ok(Prepared { outputs, laid_out })
}

/// Write the PDF and the OFD with the run's fonts, then every output; outputs are written only
/// once all of them could be made.
fn finish(input: &Path, mut prepared: Prepared, embedded: &Embedded) -> Result<Vec<PathBuf>, Failure> {
    if let Some(laid_out) = prepared.laid_out.take()
        && let (Some(document), Some(fonts)) = (&laid_out.ready.document, &laid_out.ready.fonts)
    {
        let failed = |e| Failure::Input(vec![Diagnostic::file(input, e)]);
        if let (Some(target), Some(embedded)) = (laid_out.pdf, &embedded.pdf) {
            let bytes = pdf::write(document, fonts, embedded).map_err(failed)?;
            prepared.outputs.push((target, bytes));
        }
        if let (Some(target), Some(embedded)) = (laid_out.ofd, &embedded.ofd) {
            let bytes = ofd::write(document, fonts, embedded).map_err(failed)?;
            prepared.outputs.push((target, bytes));
        }
    }
    // Every output of the plan, or none: a PDF that cannot be written leaves the old Markdown too.
    let written = prepared.outputs.iter().map(|(path, _)| path.clone()).collect();
    crate::output::write_all(&prepared.outputs).map_err(|e| Failure::Output(e.to_string()))?;
    Ok(written)
}
