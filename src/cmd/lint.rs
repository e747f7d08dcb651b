//! `gongwen lint PLAN... [--fix]`: official-document rules on the plan's text.

use super::{exit, report};
use crate::lint::lint;
use crate::plan::load::{Files, load_from, position_at};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Plan files (.yaml) to check against the rules
    #[arg(required = true, value_name = "PLAN")]
    plans: Vec<PathBuf>,
    /// Apply the fixes that change form only (punctuation width, dates, document numbers)
    #[arg(long)]
    fix: bool,
}

pub fn run(args: Args) -> u8 {
    let mut code = exit::OK;
    for plan in &args.plans {
        let mut loaded = match load_from(plan, &Files) {
            Ok(l) => l,
            Err(problems) => {
                report(&problems);
                code = exit::INPUT;
                continue;
            }
        };
        crate::plan::people::resolve(&mut loaded.plan);
        let findings = lint(&loaded.plan);
        // Safe fixes per file: (byte offset, old, new).
        let mut edits: BTreeMap<PathBuf, Vec<(usize, String, String)>> = BTreeMap::new();
        let mut remaining = 0;
        for f in &findings {
            let place = loaded.locate_text(&f.path, &f.snippet);
            if args.fix
                && f.safe
                && let (Some((doc, offset)), Some(fix)) = (place, &f.fix)
            {
                edits
                    .entry(doc.path.clone())
                    .or_default()
                    .push((offset, f.snippet.clone(), fix.clone()));
                continue;
            }
            remaining += 1;
            let suggestion = match (&f.fix, f.safe) {
                (Some(fix), true) => format!("；改为「{fix}」（gongwen lint --fix 可自动修改）"),
                (Some(fix), false) => format!("；建议改为「{fix}」"),
                (None, _) => String::new(),
            };
            let message = format!("[{}] {}{suggestion}", f.rule, f.message);
            let d = match place {
                Some((doc, offset)) => {
                    let pos = position_at(&doc.source, offset);
                    crate::diagnostic::Diagnostic::file(&doc.path, message)
                        .with_path(&f.path)
                        .at(&doc.source, pos.line, pos.col)
                }
                None => loaded.diagnostic(&f.path, message),
            };
            eprintln!("{d}");
        }
        for (path, mut list) in edits {
            let Some(doc) = loaded.docs.iter().find(|d| d.path == path) else {
                continue;
            };
            let mut text = doc.source.clone();
            list.sort_by_key(|e| std::cmp::Reverse(e.0));
            list.dedup_by_key(|e| e.0);
            let count = list.len();
            for (offset, old, new) in list {
                text.replace_range(offset..offset + old.len(), &new);
            }
            match crate::output::write_atomic(&path, text.as_bytes()) {
                Ok(()) => println!("已修正 {} 处：{}", count, path.display()),
                Err(e) => {
                    eprintln!("{}: 无法写入（cannot write）：{e}", path.display());
                    code = exit::OUTPUT;
                }
            }
        }
        if remaining > 0 {
            eprintln!(
                "{}: {remaining} 处不合公文规范（{remaining} finding(s)）",
                plan.display()
            );
            code = code.max(exit::INPUT);
        } else if findings.is_empty() {
            println!("{}: 符合规范（no findings）", plan.display());
        }
    }
    code
}
