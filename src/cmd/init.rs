//! `gongwen init NEW.yaml [--outline sample|open]`: a commented starter plan, with the sample's
//! fixed outline or an open one (`sections:`).

use super::exit;
use clap::ValueEnum;
use std::path::PathBuf;

const STARTER: &str = include_str!("starter.yaml");
const STARTER_OPEN: &str = include_str!("starter_open.yaml");
/// Written beside the new plan, and named in its first line.
const SCHEMA_FILE: &str = "gongwen.schema.json";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the new plan
    #[arg(value_name = "NEW.yaml")]
    path: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    force: bool,
    /// Which outline to start from
    #[arg(long, value_enum, default_value = "sample")]
    outline: Outline,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Outline {
    /// The sample's parts: 指导思想, 基本原则, 主要工作内容, 创建内容, 保障措施
    Sample,
    /// Sections in any order and number: 指导思想, 工作目标, 组织领导, 主要任务, 实施步骤 …
    Open,
}

pub fn run(args: Args) -> u8 {
    if args.path.exists() && !args.force {
        tell!(
            "{}: 文件已存在，未覆盖（exists; use --force to replace it）",
            args.path.display()
        );
        return exit::USAGE;
    }
    // Editors with yaml-language-server read the schema named on the first line.
    let schema_path = args.path.with_file_name(SCHEMA_FILE);
    let text = match args.outline {
        Outline::Sample => STARTER,
        Outline::Open => STARTER_OPEN,
    };
    let starter = format!("# yaml-language-server: $schema={SCHEMA_FILE}\n{text}");
    let written = crate::output::write_atomic(&args.path, starter.as_bytes())
        .and_then(|()| crate::output::write_atomic(&schema_path, super::schema::plan_schema().as_bytes()));
    match written {
        Ok(()) => {
            say!(
                "已创建 {}：填写后运行 gongwen render {}",
                args.path.display(),
                args.path.display()
            );
            say!("已创建 {}（编辑器据此补全和检查字段）", schema_path.display());
            exit::OK
        }
        Err(e) => {
            tell!("{}: 无法写入（cannot write）：{e}", args.path.display());
            exit::OUTPUT
        }
    }
}
