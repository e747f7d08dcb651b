//! `gongwen templates DIR`: write the built-in templates out, to edit and name in a plan's
//! `templates:` (or pass with `--templates`).

use super::exit;
use crate::renderer::templates::BUILTIN;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder to write the templates into; created if missing
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Replace templates that are already there
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> u8 {
    let existing: Vec<PathBuf> = BUILTIN
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() && !args.force {
        for path in &existing {
            tell!(
                "{}: 文件已存在，未覆盖（exists; use --force to replace it）",
                path.display()
            );
        }
        return exit::USAGE;
    }
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        tell!("{}: 无法创建文件夹（cannot create）：{e}", args.dir.display());
        return exit::OUTPUT;
    }
    for (name, text) in BUILTIN {
        let path = args.dir.join(name);
        if let Err(e) = crate::output::write_atomic(&path, text.as_bytes()) {
            tell!("{}: 无法写入（cannot write）：{e}", path.display());
            return exit::OUTPUT;
        }
    }
    say!(
        "已写出 {} 个内置模板到 {}（{}）",
        BUILTIN.len(),
        args.dir.display(),
        BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join("、")
    );
    say!(
        "修改后在方案中写 templates: {}（路径相对于方案文件），或运行时加 --templates {}",
        args.dir.display(),
        args.dir.display()
    );
    exit::OK
}
