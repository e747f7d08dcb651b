//! `gongwen check PLAN.yaml...`: validate and render in memory, report every problem.

use super::{exit, report};
use crate::pipeline::plan_to_markdown;
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
    for plan in &args.plans {
        match plan_to_markdown(plan, &renderer) {
            Ok(_) => println!("{}: 没有发现问题（ok）", plan.display()),
            Err(diagnostics) => {
                report(&diagnostics);
                eprintln!(
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
