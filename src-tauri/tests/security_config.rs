//! The security baseline in the shipped configuration: a strict CSP, no global Tauri object,
//! a frozen prototype, and capabilities that grant no fs, shell, http or remote-URL access.

use serde_json::Value;

fn read(path: &str) -> Value {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap())
        .unwrap_or_else(|e| panic!("{full}: {e}"))
}

#[test]
fn the_webview_is_locked_down() {
    let conf = read("tauri.conf.json");
    let app = &conf["app"];
    assert_eq!(app["withGlobalTauri"], false);
    assert_eq!(app["security"]["freezePrototype"], true);
    let csp = app["security"]["csp"].as_str().expect("a CSP string");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    // The UI is one index.html with its script and styles inline (ui/vite.config.ts). Tauri adds
    // the inline script's hash to script-src, which allows no other inline script; it must not
    // add a nonce to style-src, which would switch off the 'unsafe-inline' the styles need.
    assert_eq!(
        app["security"]["dangerousDisableAssetCspModification"],
        serde_json::json!(["style-src"])
    );
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .expect("a script-src directive");
    assert!(!script_src.contains("unsafe-inline"), "{script_src}");
    for directive in csp.split(';') {
        for source in directive.split_whitespace().skip(1) {
            let remote = source.starts_with("http") && !source.starts_with("http://ipc.localhost");
            assert!(!remote && source != "*", "remote origin {source} in CSP");
        }
    }
}

#[test]
fn capabilities_grant_only_our_own_commands() {
    let dir = format!("{}/capabilities", env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        files += 1;
        let capability: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            capability.get("remote").is_none(),
            "{path:?} grants a remote URL"
        );
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        for permission in capability["permissions"].as_array().unwrap() {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap();
            for banned in [
                "fs:", "shell:", "http:", "process:", "dialog:", "opener:", "core:",
            ] {
                assert!(!id.starts_with(banned), "{path:?} grants {id}");
            }
            assert!(
                id.starts_with("allow-"),
                "{path:?} grants unexpected permission {id}"
            );
        }
    }
    assert!(files >= 1);
}

#[test]
fn the_capability_grants_exactly_the_declared_commands() {
    let path = format!("{}/capabilities/main.json", env!("CARGO_MANIFEST_DIR"));
    let capability: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    granted.sort();
    let mut declared: Vec<String> = vectis_setup::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    declared.sort();
    assert_eq!(granted, declared);
}

#[test]
fn webview2_keeps_wrys_defaults_off_and_drops_unused_features() {
    // Setting additionalBrowserArgs replaces wry's own flags: they must stay in the list.
    let config = read("tauri.conf.json");
    let args = config["app"]["windows"][0]["additionalBrowserArgs"]
        .as_str()
        .expect("WebView2 arguments are set");
    for kept in ["msWebOOUI", "msPdfOOUI", "msSmartScreenProtection"] {
        assert!(args.contains(kept), "{kept} missing from {args}");
    }
    for dropped in [
        "--disable-background-networking",
        "--disable-sync",
        "--renderer-process-limit=1",
    ] {
        assert!(args.contains(dropped), "{dropped} missing from {args}");
    }
}

/// `tauri build` compiles in no handler for a command no capability grants (Tauri's own window,
/// menu, tray and path commands): none of them could be called, and the binary is 2 MB smaller.
/// `.ci/bench` and `.ci/windows` set the same switch for the builds they make with cargo.
#[test]
fn commands_no_capability_grants_are_not_compiled_in() {
    assert_eq!(
        read("tauri.conf.json")["build"]["removeUnusedCommands"],
        true
    );
    for script in [".ci/bench", ".ci/windows"] {
        let path = format!("{}/../{script}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the script is there");
        assert!(
            text.contains("REMOVE_UNUSED_COMMANDS=\"$PWD/src-tauri\""),
            "{script} builds like `tauri build`"
        );
    }
}
