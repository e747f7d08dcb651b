//! `gongwen fonts [--font ROLE=PATH]...`: which file serves which role, and why.

use super::exit;
use crate::fonts::{Installed, Overrides, resolve};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Font file for a role, as ROLE=PATH[#FACE]
    #[arg(long = "font", value_name = "ROLE=PATH", value_parser = crate::fonts::parse_override)]
    fonts: Vec<(crate::fonts::Role, crate::fonts::FontFile)>,
    /// Also list every font face found in the font folders, with the names it goes by
    #[arg(long)]
    all: bool,
}

pub fn run(args: Args) -> u8 {
    let overrides: Overrides = args.fonts.into_iter().collect();
    let installed = std::cell::OnceCell::new();
    let installed = || installed.get_or_init(Installed::scan);
    let mut code = exit::OK;
    for choice in resolve(&overrides, installed) {
        match choice {
            Ok(c) => say!(
                "{:<12} {:<16} {}\n{:<12} {:<16} ({})",
                c.role.key(),
                c.role.describe(),
                c.file,
                "",
                "",
                c.reason
            ),
            Err(e) => {
                tell!("{e}");
                code = exit::INPUT;
            }
        }
    }
    if args.all {
        say!("\n字体文件夹（font folders）：");
        for dir in crate::fonts::font_dirs() {
            say!("  {}", dir.display());
        }
        let faces = installed().faces();
        say!("找到 {} 个字体（faces found）：", faces.len());
        for face in faces {
            say!("  {}  {}", face.file, face.names.join(" / "));
        }
    }
    code
}
