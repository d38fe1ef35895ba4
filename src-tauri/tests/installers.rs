//! One source of truth per installer: Tauri bundles the .deb and the macOS app/dmg; the Windows
//! MSI is only `windows/vectis-autotask-setup.wxs` (built by `.ci/windows`), so Tauri's own
//! `msi`/`nsis` targets stay off and nothing else describes what goes on a Windows machine.

fn read(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn tauri_bundles_no_windows_installer() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let targets: Vec<&str> = conf["bundle"]["targets"]
        .as_array()
        .expect("an explicit target list")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(targets, ["deb", "dmg", "app"]);
    assert!(
        conf["bundle"]["windows"].is_null(),
        "no Tauri Windows installer settings"
    );
}

#[test]
fn the_msi_source_ships_the_app_the_cli_and_the_loader_per_machine() {
    let wxs = read("windows/vectis-autotask-setup.wxs");
    for needle in [
        r#"InstallScope="perMachine""#,
        "<MajorUpgrade ",
        r#"UpgradeCode="540CEC0C-3F7B-44C3-AAF4-4B915EFE03FC""#,
        r#"Name="vectis-setup.exe""#,
        r#"Name="vectis-setup-cli.exe""#,
        r#"Name="WebView2Loader.dll""#,
        r#"<Directory Id="ProgramFiles64Folder">"#,
        r#"Id="ARPPRODUCTICON""#,
    ] {
        assert!(wxs.contains(needle), "the .wxs lacks {needle}");
    }
}
