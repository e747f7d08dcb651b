//! `gongwen check PLAN.yaml...`: validate, render and lay out in memory (the Markdown, the
//! PDF's pages, the DOCX), report every problem, write nothing. "ok" means `render` succeeds.

use super::{exit, report};
use crate::renderer::markdown::Renderers;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Plan files (.yaml) to check
    #[arg(required = true, value_name = "PLAN")]
    plans: Vec<PathBuf>,
    /// Folder of templates that override the built-in ones by name
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let renderer = match Renderers::new(args.templates.as_deref()) {
        Ok(r) => r,
        Err(d) => {
            report(&[d]);
            return exit::INPUT;
        }
    };
    let mut code = exit::OK;
    let fonts = crate::fonts::FontCache::default();
    let formats = crate::pipeline::Formats {
        pages: true,
        docx: true,
    };
    for plan in &args.plans {
        match crate::pipeline::prepare(plan, formats, &renderer, &fonts, &Default::default()) {
            Ok(_) => say!("{}: 没有发现问题（ok）", plan.display()),
            Err(diagnostics) => {
                report(&diagnostics);
                tell!(
                    "{}: 发现 {} 个问题（{} problem(s)）",
                    plan.display(),
                    diagnostics.len(),
                    diagnostics.len()
                );
                code = exit::INPUT;
            }
        }
    }
    code
}
