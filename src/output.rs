//! Writing outputs so that a failed or killed run never leaves a half-written or clobbered file:
//! write to a temporary file in the target's folder, then rename it into place.

use std::io::Write;
use std::path::Path;

pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gongwen-").suffix(".tmp");
    // A temporary file is private (0600); the document is not: rw-r--r-- under the umask, as
    // `cp` would leave it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // On error the temporary file is removed when `tmp` drops.
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
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
}
