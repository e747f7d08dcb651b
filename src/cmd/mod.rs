//! The command line: one module per subcommand.
//!
//! Output goes through [`say!`] and [`tell!`], never `println!`/`eprintln!` (clippy denies them),
//! which panic when the terminal or pipe they write to has gone.

/// `println!` that never panics: a closed standard output (`gongwen render … | head`) is no
/// reason to stop rendering, or to die with a panic half-way through a batch.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that never panics (see [`say!`]).
macro_rules! say_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see [`say!`]).
macro_rules! tell_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!` that never panics (see [`say!`]).
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod diff;
mod fonts;
mod init;
mod lint;
mod render;
mod schema;
mod serve;
mod templates;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit codes, as documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    /// A plan, template or Markdown file has problems; the messages say where.
    pub const INPUT: u8 = 1;
    /// The command line itself is wrong (clap's own code for usage errors).
    pub const USAGE: u8 = 2;
    /// An output could not be written (earlier outputs are left untouched).
    pub const OUTPUT: u8 = 3;
}

#[derive(Parser, Debug)]
#[command(
    name = "gongwen",
    version,
    about = "把 YAML 工作方案生成为公文（Markdown、PDF）\nTurn a YAML township work plan into an official document"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render plans to Markdown (生成公文)
    Render(render::Args),
    /// Check plans and report every problem found (检查方案)
    Check(check::Args),
    /// Write a commented starter plan that renders as is (新建方案)
    Init(init::Args),
    /// Show which font file serves each role, and why (字体)
    Fonts(fonts::Args),
    /// Show what changes in the document between two versions of a plan or a Markdown document (比较)
    Diff(diff::Args),
    /// Check plans and Markdown documents against official-document rules, and fix what is safe to fix (规范检查)
    Lint(lint::Args),
    /// Print a JSON Schema of the plan format, for editors (格式说明)
    Schema(schema::Args),
    /// Write the built-in templates into a folder, to edit them (导出模板)
    Templates(templates::Args),
    /// Preview plans in the browser, updated as you edit them (预览)
    Serve(serve::Args),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own words are English: a line in Chinese first says what kind of slip it is.
            if e.use_stderr() {
                tell!("gongwen: {}（运行 gongwen --help 查看用法）", usage_slip(e.kind()));
            }
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::USAGE } else { exit::OK });
        }
    };
    let code = match cli.command {
        Command::Render(args) => render::run(args),
        Command::Check(args) => check::run(args),
        Command::Init(args) => init::run(args),
        Command::Fonts(args) => fonts::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Serve(args) => serve::run(args),
    };
    // The output folders' locks (see `output`): nothing of this run is left behind.
    crate::output::release_folders();
    ExitCode::from(code)
}

/// A command-line mistake in a clerk's words.
fn usage_slip(kind: clap::error::ErrorKind) -> &'static str {
    use clap::error::ErrorKind as K;
    match kind {
        K::InvalidSubcommand => {
            "没有这个命令：可用的有 render、check、lint、diff、init、schema、templates、fonts、serve"
        }
        K::UnknownArgument => "没有这个选项",
        K::InvalidValue | K::ValueValidation => "选项的值不对",
        K::MissingRequiredArgument => "缺少必须写的参数",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "缺少命令：请写 render、check、lint 等",
        K::ArgumentConflict => "这两个选项不能同时用",
        _ => "命令行的写法不对",
    }
}

/// Print diagnostics to standard error, one block each.
fn report(diagnostics: &[crate::diagnostic::Diagnostic]) {
    for d in diagnostics {
        tell!("{d}");
    }
}
