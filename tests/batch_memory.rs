//! A batch's memory does not grow with the number of plans: plans are laid out, written and let
//! go of in chunks. (Alone in its file: it reads the peak memory of this process's children.)

mod common;
use common::*;

/// The largest peak resident set of any child process waited for so far, in bytes.
fn children_peak() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes the struct it is given and nothing else.
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

fn batch(dir: &std::path::Path, plans: usize) {
    let towns = ["xinhe", "qinghe", "baishi"];
    std::fs::create_dir_all(dir.join("plans")).unwrap();
    for i in 0..plans {
        let base = repo().join(format!("plans/towns/{}.yaml", towns[i % 3]));
        let text = format!("extends: {}\ndocument:\n  town: 第{i}镇\n", base.display());
        std::fs::write(dir.join(format!("plans/t{i:04}.yaml")), text).unwrap();
    }
    let out = gongwen(dir, &["render", "plans", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(dir.join("out")).unwrap().count(), plans);
}

#[test]
fn twice_the_plans_take_no_more_memory() {
    let small = tempfile::tempdir().unwrap();
    batch(small.path(), 260);
    let after_small = children_peak();
    let large = tempfile::tempdir().unwrap();
    batch(large.path(), 520);
    let after_large = children_peak();
    // A laid-out plan takes about 90 KB: holding 260 more at once, as every plan of a batch was
    // held until all were laid out, added 22 MB (measured before the change).
    let growth = after_large.saturating_sub(after_small);
    assert!(
        growth < 12 << 20,
        "peak memory grew by {} MB from 260 to 520 plans ({} → {} MB)",
        growth >> 20,
        after_small >> 20,
        after_large >> 20
    );
}
