//! Process hardening as both binaries apply it: no core dump can carry a secret out of memory,
//! and files the process creates are readable by its user only. Its own test binary, since it
//! changes the process it runs in.

#[cfg(target_os = "linux")]
#[test]
fn no_core_dumps_and_private_files() {
    use std::os::unix::fs::PermissionsExt;
    vectis_core::hardening::harden_process();
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let values: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(values, ["0", "0"], "{core}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.json");
    std::fs::write(&file, "{}").unwrap();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
