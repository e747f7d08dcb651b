//! gongwen turns a YAML township work plan (工作方案) into an official document.
//!
//! The pipeline is in [`pipeline`]; the model in [`plan`]; one renderer per output format in
//! [`renderer`]; one command per file in [`cmd`].

// Bad input is an error value with a place and a reason, never a panic: no unwrap or expect
// outside tests (checked by `cargo clippy` in .ci/run).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
// println! and eprintln! panic when the pipe they write to is closed: src/cmd's say!/tell! don't.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod cmd;
pub mod diagnostic;
pub mod diff;
pub mod diff_outline;
pub mod fonts;
pub mod frame;
pub mod image;
pub mod input;
pub mod layout;
pub mod lint;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod renderer;
