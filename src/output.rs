//! Writing outputs so that a failed or killed run never leaves a half-written or clobbered file:
//! write to a temporary file in the target's folder, then rename it into place.
//!
//! Temporary files are named `.gongwen-<pid>-<random>.tmp`. On SIGINT or SIGTERM the ones in
//! flight are removed before the process exits; after a SIGKILL, which no process can catch,
//! the next run in that folder removes those whose process is gone.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written right now, for the signal handler.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// On Ctrl-C or `kill`, remove unfinished outputs and exit with 130. Call once, early.
pub fn remove_unfinished_on_signal() {
    // If a handler cannot be installed (already set by an embedding program), outputs are still
    // atomic; only a leftover temporary file is possible, which the next run removes.
    let _ = ctrlc::set_handler(|| {
        for path in in_flight().drain(..) {
            let _ = std::fs::remove_file(path);
        }
        std::process::exit(130);
    });
}

fn prefix() -> String {
    format!(".gongwen-{}-", std::process::id())
}

/// Remove temporary files in `dir` left by gongwen processes that no longer exist.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(".gongwen-").filter(|_| name.ends_with(".tmp")) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        let alive = !pid.is_empty() && Path::new("/proc").join(pid).exists();
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let prefix = prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private (0600); the document is not: rw-r--r-- under the umask, as
    // `cp` would leave it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    let tmp_path = tmp.path().to_path_buf();
    in_flight().push(tmp_path.clone());
    let result = (|| {
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        // On error the temporary file is removed when `tmp` drops.
        tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    })();
    in_flight().retain(|p| p != &tmp_path);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/a.md");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.md")]);
        assert!(in_flight().is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // What the umask lets a plain new file have, narrowed to rw-r--r--.
            let plain = dir.path().join("plain");
            std::fs::write(&plain, b"").unwrap();
            let allowed = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o644;
            assert_eq!(
                std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
                allowed
            );
        }
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // PID 0 never names a running gongwen; our own PID is alive.
        std::fs::write(dir.path().join(".gongwen-0-abc.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join(format!("{}x.tmp", prefix())), b"mine").unwrap();
        std::fs::write(dir.path().join("keep.pdf"), b"%PDF").unwrap();
        remove_stale(dir.path());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, vec![format!("{}x.tmp", prefix()), "keep.pdf".to_string()]);
    }
}
