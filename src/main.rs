fn main() -> std::process::ExitCode {
    gongwen::cmd::run()
}
