//! Writing outputs so that a failed or killed run never leaves a half-written or clobbered file,
//! and a plan's outputs (its Markdown, PDF, DOCX) are replaced together or not at all.
//!
//! Every file of a set is first written in full to a temporary file beside its target and
//! synced. Only when all are complete is a journal written (atomically) that lists them, and
//! then they are renamed into place, one after the other, and the journal removed. A reader sees
//! the old set or the new one; should the process be killed between two renames, the next run
//! in that folder finds the journal of a dead process and finishes its renames first.
//!
//! Temporary files are named `.gongwen-<owner>-<random>.tmp`, journals
//! `.gongwen-<owner>-<random>.journal`, where the owner is this process (its PID and a random
//! number). While it runs, the process holds a lock on `.gongwen-<owner>.lock` in each folder it
//! writes to: another run tells a live owner's files from a dead one's by trying that lock, the
//! same on Linux, Windows and macOS (no `/proc` needed) and whatever PIDs were reused since.
//! On SIGINT or SIGTERM the temporaries of sets not yet committed are removed and those of a
//! set being renamed are renamed, before the process exits; after a SIGKILL, which no process
//! can catch, the next run removes or finishes them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the signal handler must tidy: temporaries not yet committed, and sets being renamed.
#[derive(Default)]
struct InFlight {
    temporaries: Vec<PathBuf>,
    /// (journal, [(temporary, target)]).
    committing: Vec<(PathBuf, Vec<(PathBuf, PathBuf)>)>,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    temporaries: Vec::new(),
    committing: Vec::new(),
});

fn in_flight() -> std::sync::MutexGuard<'static, InFlight> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// On Ctrl-C or `kill`, remove unfinished outputs, finish sets being renamed, and exit with
/// 130. Call once, early.
pub fn remove_unfinished_on_signal() {
    // If a handler cannot be installed (already set by an embedding program), outputs are still
    // atomic; only a leftover temporary file is possible, which the next run removes.
    let _ = ctrlc::set_handler(|| {
        let mut state = in_flight();
        for path in state.temporaries.drain(..) {
            let _ = std::fs::remove_file(path);
        }
        for (journal, renames) in state.committing.drain(..) {
            finish_renames(&journal, &renames);
        }
        release_folders();
        std::process::exit(130);
    });
}

/// This process, as its files name it: its PID and a random number (no `-` in it).
fn owner() -> &'static str {
    static OWNER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OWNER.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        // RandomState is seeded afresh for each process: random enough to tell two processes
        // with the same PID apart (in two containers sharing a folder, or after a reuse).
        let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
        format!("{}x{:08x}", std::process::id(), random & 0xffff_ffff)
    })
}

fn prefix() -> String {
    format!(".gongwen-{}-", owner())
}

fn lock_name(owner: &str) -> String {
    format!(".gongwen-{owner}.lock")
}

/// The folders this process writes to, each with its lock file, held (locked) until the
/// process ends or [`release_folders`] lets go; None where the file system cannot lock.
static HELD: Mutex<Vec<(PathBuf, Option<std::fs::File>)>> = Mutex::new(Vec::new());

fn held() -> std::sync::MutexGuard<'static, Vec<(PathBuf, Option<std::fs::File>)>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

/// Hold this process's lock in `dir` before writing anything there.
fn hold(dir: &Path) -> std::io::Result<()> {
    let lock = dir.join(lock_name(owner()));
    let mut held = held();
    if held.iter().any(|(path, _)| path == &lock) {
        return Ok(());
    }
    // Locked before it gets its name, so that no other run ever finds it unlocked and takes
    // this live process for a dead one.
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".gongwen-{}.", owner()))
        .suffix(".new")
        .tempfile_in(dir)?;
    if tmp.as_file().try_lock().is_err() {
        // A file system without locks (some network shares): write all the same, unmarked, as
        // before there were marks; only a second run into this very folder at the same time
        // could then take the temporaries for a dead run's. (Dropping `tmp` removes it.)
        held.push((lock, None));
        return Ok(());
    }
    let file = tmp.persist(&lock).map_err(|e| e.error)?;
    held.push((lock, Some(file)));
    Ok(())
}

/// Let go of this process's locks and remove their files: when a command is done, and on a
/// signal. (A killed process leaves its lock file unlocked; the next run removes it.)
pub fn release_folders() {
    for (path, file) in held().drain(..) {
        if let Some(file) = file {
            drop(file);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Whether the process that owns `owner`'s files in `dir` is still running: it holds its lock.
/// A file that cannot be opened is no lock (its owner, gone, or an older gongwen, wrote none);
/// one that cannot be tried for another reason is taken as held, to be safe.
fn owner_alive(dir: &Path, owner: &str) -> bool {
    if owner == self::owner() {
        return true;
    }
    let Ok(file) = std::fs::File::open(dir.join(lock_name(owner))) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => false,
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// Rename each temporary that is still there into place, then remove the journal.
fn finish_renames(journal: &Path, renames: &[(PathBuf, PathBuf)]) {
    for (tmp, target) in renames {
        if tmp.exists() {
            let _ = std::fs::rename(tmp, target);
        }
    }
    let _ = std::fs::remove_file(journal);
}

/// In `dir`, finish the sets that gongwen processes no longer running had begun to rename, and
/// remove their temporary files.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    let mut dead_locks: Vec<PathBuf> = Vec::new();
    let mut alive: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(".gongwen-") else {
            continue;
        };
        let journal = name.ends_with(".journal");
        let lock = rest.strip_suffix(".lock");
        if !journal && lock.is_none() && !name.ends_with(".tmp") {
            continue;
        }
        let owner = lock.unwrap_or_else(|| rest.split('-').next().unwrap_or(""));
        if owner.is_empty() {
            continue;
        }
        let live = *alive
            .entry(owner.to_string())
            .or_insert_with(|| owner_alive(dir, owner));
        match (live, lock.is_some()) {
            (true, _) => {}
            (false, true) => dead_locks.push(entry.path()),
            (false, false) => stale.push((entry.path(), journal)),
        }
    }
    // Journals first: their temporaries are complete outputs waiting to be renamed.
    for (journal, _) in stale.iter().filter(|(_, j)| *j) {
        let Ok(text) = crate::input::read_capped(journal, 1 << 20) else {
            continue;
        };
        let renames: Vec<(PathBuf, PathBuf)> = String::from_utf8_lossy(&text)
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .filter(|(tmp, target)| is_plain_name(tmp) && is_plain_name(target))
            .map(|(tmp, target)| (dir.join(tmp), dir.join(target)))
            .collect();
        finish_renames(journal, &renames);
    }
    for (tmp, _) in stale.iter().filter(|(_, j)| !*j) {
        let _ = std::fs::remove_file(tmp);
    }
    for lock in dead_locks {
        let _ = std::fs::remove_file(lock);
    }
}

/// A file name alone, not a path: a journal only ever names files in its own folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Why a set of outputs was not written; nothing of it was.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: 无法写入（cannot write）：{}", self.path.display(), self.reason)
    }
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A complete temporary file beside `target`, holding `bytes`, synced.
fn temporary(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = folder_of(target);
    std::fs::create_dir_all(dir)?;
    hold(dir)?;
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
    // Created while holding the list, so that the signal handler (which takes the list and
    // keeps it until the process exits) cannot miss a file made just after it looked.
    let mut tmp = {
        let mut state = in_flight();
        let tmp = builder.tempfile_in(dir)?;
        state.temporaries.push(tmp.path().to_path_buf());
        tmp
    };
    let path = tmp.path().to_path_buf();
    match tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all()) {
        Ok(()) => Ok(tmp),
        Err(e) => {
            // Dropping `tmp` removes the file.
            in_flight().temporaries.retain(|p| p != &path);
            Err(e)
        }
    }
}

/// Write `outputs` (target, bytes) as one set: all of them replace what was there, or none
/// does. Targets must share one folder.
pub fn write_all(outputs: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let error = |path: &Path, reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let Some((first, _)) = outputs.first() else {
        return Ok(());
    };
    let dir = folder_of(first);
    // Something other than a file where an output goes (a folder named sample.pdf) would make
    // its rename fail after the others succeeded: refuse the set before writing any of it.
    for (target, _) in outputs {
        if folder_of(target) != dir {
            return Err(error(
                target,
                "输出文件须在同一个文件夹中（outputs of one plan share a folder）".into(),
            ));
        }
        if let Ok(meta) = std::fs::symlink_metadata(target)
            && !meta.is_file()
            && !meta.file_type().is_symlink()
        {
            return Err(error(
                target,
                "这个位置已有一个文件夹或其他非文件的东西，挡住了输出（something that is not a file is in the way）"
                    .into(),
            ));
        }
    }
    let mut temporaries = Vec::with_capacity(outputs.len());
    let forget = |temporaries: &[tempfile::NamedTempFile]| {
        in_flight()
            .temporaries
            .retain(|p| !temporaries.iter().any(|t| t.path() == p));
    };
    for (target, bytes) in outputs {
        match temporary(target, bytes) {
            Ok(tmp) => temporaries.push(tmp),
            Err(e) => {
                forget(&temporaries);
                // Dropping the temporaries removes them: the old outputs stay as they were.
                return Err(error(target, e.to_string()));
            }
        }
    }
    // All complete: commit. The journal names each temporary and its target.
    let renames: Vec<(PathBuf, PathBuf)> = temporaries
        .into_iter()
        .zip(outputs)
        .map(|(tmp, (target, _))| {
            // Kept on disk, no longer removed on drop: from here on the journal owns it.
            let path = tmp.path().to_path_buf();
            let _ = tmp.into_temp_path().keep();
            (path, target.clone())
        })
        .collect();
    let lines: String = renames
        .iter()
        .map(|(tmp, target)| format!("{}\t{}\n", file_name(tmp), file_name(target)))
        .collect();
    let journal = match commit(dir, &lines, &renames) {
        Ok(journal) => journal,
        Err(e) => {
            let mut state = in_flight();
            for (tmp, _) in &renames {
                let _ = std::fs::remove_file(tmp);
                state.temporaries.retain(|p| p != tmp);
            }
            return Err(error(first, e.to_string()));
        }
    };
    let mut failure = None;
    for (tmp, target) in &renames {
        if let Err(e) = std::fs::rename(tmp, target)
            && failure.is_none()
        {
            failure = Some(error(target, e.to_string()));
        }
    }
    let _ = std::fs::remove_file(&journal);
    in_flight().committing.retain(|(j, _)| j != &journal);
    match failure {
        None => Ok(()),
        Some(e) => {
            for (tmp, _) in &renames {
                let _ = std::fs::remove_file(tmp);
            }
            Err(e)
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Write the journal of `renames` complete or not at all (to a temporary, synced, renamed to
/// its name), and hand the set to the signal handler as committed, in one step under the list's
/// lock: the handler sees the set either before (and removes its temporaries) or after (and
/// finishes its renames), never in between.
fn commit(dir: &Path, lines: &str, renames: &[(PathBuf, PathBuf)]) -> std::io::Result<PathBuf> {
    let tmp = temporary(&dir.join("journal"), lines.as_bytes())?;
    let journal = tmp.path().with_extension("journal");
    let mut state = in_flight();
    let tmp_path = tmp.path().to_path_buf();
    tmp.persist(&journal).map_err(|e| e.error)?;
    state
        .temporaries
        .retain(|p| p != &tmp_path && !renames.iter().any(|(t, _)| t == p));
    state.committing.push((journal.clone(), renames.to_vec()));
    Ok(journal)
}

/// One file, replaced atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all(&[(target.to_path_buf(), bytes.to_vec())]).map_err(|e| std::io::Error::other(e.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folder's entries, sorted, this process's lock file left out.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| *n != lock_name(owner()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_live_owner_is_told_from_a_dead_one_by_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Another process's lock, held (a second handle's lock conflicts even within one
        // process), and its temporary.
        let lock = std::fs::File::create(d.join(lock_name("7x1"))).unwrap();
        lock.try_lock().unwrap();
        std::fs::write(d.join(".gongwen-7x1-a.tmp"), b"being written").unwrap();
        // A killed process's: its lock file is there, unlocked.
        std::fs::write(d.join(lock_name("8x2")), b"").unwrap();
        std::fs::write(d.join(".gongwen-8x2-b.tmp"), b"half").unwrap();
        remove_stale(d);
        assert_eq!(listing(d), [".gongwen-7x1-a.tmp", ".gongwen-7x1.lock"]);
        // The first one ends without tidying: its files are stale now.
        drop(lock);
        remove_stale(d);
        assert!(listing(d).is_empty(), "{:?}", listing(d));
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/a.md");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(listing(&dir.path().join("out")), ["a.md"]);
        // This process's lock stays while it runs.
        assert!(dir.path().join("out").join(lock_name(owner())).is_file());
        // (Other tests write at the same time: only this folder's entries are this test's.)
        let state = in_flight();
        assert!(!state.temporaries.iter().any(|p| p.starts_with(dir.path())));
        assert!(!state.committing.iter().any(|(j, _)| j.starts_with(dir.path())));
        drop(state);
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
    fn a_set_killed_between_its_renames_is_finished_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A process (owner 0, whose lock is gone: not running) renamed a.md and was killed before b.pdf.
        std::fs::write(d.join("a.md"), b"new md").unwrap();
        std::fs::write(d.join("b.pdf"), b"old pdf").unwrap();
        std::fs::write(d.join(".gongwen-0-2.tmp"), b"new pdf").unwrap();
        std::fs::write(
            d.join(".gongwen-0-j.journal"),
            b".gongwen-0-1.tmp\ta.md\n.gongwen-0-2.tmp\tb.pdf\n",
        )
        .unwrap();
        // And one that never got to commit: its temporary goes, its target stays.
        std::fs::write(d.join("c.md"), b"old c").unwrap();
        std::fs::write(d.join(".gongwen-0-3.tmp"), b"new c").unwrap();
        remove_stale(d);
        assert_eq!(std::fs::read(d.join("b.pdf")).unwrap(), b"new pdf");
        assert_eq!(std::fs::read(d.join("a.md")).unwrap(), b"new md");
        assert_eq!(std::fs::read(d.join("c.md")).unwrap(), b"old c");
        assert_eq!(listing(d), ["a.md", "b.pdf", "c.md"]);
    }

    #[test]
    fn a_set_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.md"), b"old").unwrap();
        std::fs::create_dir(d.join("a.pdf")).unwrap();
        let set = vec![(d.join("a.md"), b"new".to_vec()), (d.join("a.pdf"), b"new".to_vec())];
        assert!(write_all(&set).is_err());
        assert_eq!(std::fs::read(d.join("a.md")).unwrap(), b"old");
        std::fs::remove_dir(d.join("a.pdf")).unwrap();
        write_all(&set).unwrap();
        assert_eq!(std::fs::read(d.join("a.pdf")).unwrap(), b"new");
        assert_eq!(listing(d), ["a.md", "a.pdf"]);
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // Owner 0 holds no lock: not running; this process is.
        std::fs::write(dir.path().join(".gongwen-0-abc.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join(format!("{}x.tmp", prefix())), b"mine").unwrap();
        std::fs::write(dir.path().join("keep.pdf"), b"%PDF").unwrap();
        remove_stale(dir.path());
        assert_eq!(
            listing(dir.path()),
            vec![format!("{}x.tmp", prefix()), "keep.pdf".to_string()]
        );
    }
}
