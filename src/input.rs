//! Opening the files gongwen reads — plans, bases, rosters, templates, Markdown, fonts — the one
//! safe way: the path must name a regular file (after following links), checked before it is
//! opened for reading, and then read through a cap on the bytes actually read.
//!
//! Why so careful: a FIFO given as a roster blocks a read forever, and a device such as
//! `/dev/zero` reports a length of 0 and then never ends. Opening without blocking and asking
//! the opened handle what it is closes the gap between looking at a path and reading it.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read, in a clerk's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    PermissionDenied,
    /// Something other than a regular file: a folder, a pipe, a device, a socket.
    NotRegular(&'static str),
    TooLarge {
        cap: u64,
    },
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("文件不存在（not found）"),
            ReadError::PermissionDenied => f.write_str("没有读取权限（permission denied）"),
            ReadError::NotRegular("文件夹") => {
                f.write_str("这是一个文件夹，不是文件（is a directory, expected a file）")
            }
            ReadError::NotRegular(kind) => write!(
                f,
                "这不是普通文件，而是{kind}：gongwen 只读取普通文件（not a regular file）"
            ),
            ReadError::TooLarge { cap } => write!(f, "文件过大：上限 {cap} 字节（file too large）"),
            ReadError::Other(e) => write!(f, "无法读取文件（cannot read）：{e}"),
        }
    }
}

fn from_io(e: &std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
        _ => ReadError::Other(e.to_string()),
    }
}

fn kind(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("管道（FIFO）");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("设备文件");
        }
        if file_type.is_socket() {
            return Some("套接字（socket）");
        }
    }
    Some("特殊文件")
}

/// Whether `path` names a regular file (after following links), and if not, why not: for
/// settings such as a font file, checked when the setting is read.
pub fn check_regular(path: &Path) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| from_io(&e))?;
    match kind(meta.file_type()) {
        None => Ok(()),
        Some(kind) => Err(ReadError::NotRegular(kind)),
    }
}

/// Open `path` for reading if it is a regular file of at most `cap` bytes; returns the handle
/// and its length.
pub fn open_regular(path: &Path, cap: u64) -> Result<(File, u64), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| from_io(&e))?;
    if let Some(kind) = kind(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Should the path have become a FIFO since it was looked at, opening it must not wait for a
    // writer; on a regular file the flag changes nothing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| from_io(&e))?;
    let meta = file.metadata().map_err(|e| from_io(&e))?;
    if let Some(kind) = kind(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file `path`, refusing more than `cap` however long the file says it is.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, cap)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| from_io(&e))?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_never_beyond_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_capped(&file, 10).unwrap(), b"0123456789");
        assert_eq!(read_capped(&file, 9), Err(ReadError::TooLarge { cap: 9 }));
        assert_eq!(read_capped(dir.path(), 10), Err(ReadError::NotRegular("文件夹")));
        assert_eq!(read_capped(&dir.path().join("none"), 10), Err(ReadError::NotFound));
        #[cfg(unix)]
        {
            // A device reports length 0 and never ends; it is refused before any read.
            assert_eq!(
                read_capped(Path::new("/dev/zero"), 10),
                Err(ReadError::NotRegular("设备文件"))
            );
            // A link to a regular file is followed.
            let link = dir.path().join("link.yaml");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(read_capped(&link, 10).unwrap(), b"0123456789");
        }
    }
}
