//! `gongwen fonts [--font ROLE=PATH]...`: which file serves which role, and why.

use super::exit;
use crate::fonts::{Overrides, resolve};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Font file for a role, as ROLE=PATH[#FACE]
    #[arg(long = "font", value_name = "ROLE=PATH", value_parser = crate::fonts::parse_override)]
    fonts: Vec<(crate::fonts::Role, crate::fonts::FontFile)>,
}

pub fn run(args: Args) -> u8 {
    let overrides: Overrides = args.fonts.into_iter().collect();
    let mut code = exit::OK;
    for choice in resolve(&overrides, &crate::fonts::Installed::scan()) {
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
    code
}
