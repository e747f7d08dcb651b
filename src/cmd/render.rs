//! `gongwen render PLAN.yaml... [-o DIR] [--format md]`

use super::{exit, report};
use crate::pipeline::plan_to_markdown;
use crate::renderer::markdown::MarkdownRenderer;
use clap::ValueEnum;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Plan files (.yaml) to render
    #[arg(required = true, value_name = "PLAN")]
    plans: Vec<PathBuf>,
    /// Folder to write into; created if missing
    #[arg(short = 'o', long = "out-dir", value_name = "DIR", default_value = "output")]
    out_dir: PathBuf,
    /// Output formats, comma-separated
    #[arg(long, value_enum, value_delimiter = ',', default_value = "md")]
    format: Vec<Format>,
    /// Folder of templates that override the built-in ones by name
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown, for editing and review
    Md,
    /// Print-ready PDF in GB/T 9704-2012 layout (not yet available)
    Pdf,
    /// Word/WPS document (not yet available)
    Docx,
}

pub fn run(args: Args) -> u8 {
    if let Some(f) = args.format.iter().find(|f| **f != Format::Md) {
        eprintln!(
            "gongwen: --format {f:?} 尚未实现（not available yet）；目前只能生成 md",
            f = f
        );
        return exit::USAGE;
    }
    let renderer = match MarkdownRenderer::new(args.templates.as_deref()) {
        Ok(r) => r,
        Err(d) => {
            report(&[d]);
            return exit::INPUT;
        }
    };
    // Two plans with the same file name would write the same output: refuse before writing.
    let mut by_stem: HashMap<String, &PathBuf> = HashMap::new();
    for plan in &args.plans {
        let stem = plan
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(other) = by_stem.insert(stem.clone(), plan) {
            eprintln!(
                "gongwen: {} 和 {} 会写到同一个文件 {stem}.md（two plans share a file name）",
                other.display(),
                plan.display()
            );
            return exit::USAGE;
        }
    }
    let mut code = exit::OK;
    for plan in &args.plans {
        let markdown = match plan_to_markdown(plan, &renderer) {
            Ok(md) => md,
            Err(diagnostics) => {
                report(&diagnostics);
                code = code.max(exit::INPUT);
                continue;
            }
        };
        let stem = plan
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = args.out_dir.join(format!("{stem}.md"));
        match crate::output::write_atomic(&target, markdown.as_bytes()) {
            Ok(()) => println!("已生成 {}", target.display()),
            Err(e) => {
                eprintln!("{}: 无法写入（cannot write）：{e}", target.display());
                code = code.max(exit::OUTPUT);
            }
        }
    }
    code
}
