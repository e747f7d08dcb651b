//! `gongwen init NEW.yaml`: a commented starter plan with the sample's structure.

use super::exit;
use std::path::PathBuf;

const STARTER: &str = include_str!("starter.yaml");

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the new plan
    #[arg(value_name = "NEW.yaml")]
    path: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> u8 {
    if args.path.exists() && !args.force {
        eprintln!(
            "{}: 文件已存在，未覆盖（exists; use --force to replace it）",
            args.path.display()
        );
        return exit::USAGE;
    }
    match crate::output::write_atomic(&args.path, STARTER.as_bytes()) {
        Ok(()) => {
            println!(
                "已创建 {}：填写后运行 gongwen render {}",
                args.path.display(),
                args.path.display()
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("{}: 无法写入（cannot write）：{e}", args.path.display());
            exit::OUTPUT
        }
    }
}
