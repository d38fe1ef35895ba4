//! The product the way an admin uses it: the real binary, a real window (Xvfb), the real
//! keychain (gnome-keyring), HTTP against the simulator. Run through `.ci/session`.

use std::time::Duration;

use vectis_e2e::{check_prerequisites, App, World};

const LONG: Duration = Duration::from_secs(20);

/// What the session's Secret Service holds for the app (attributes only; secrets not shown).
fn keychain_items() -> String {
    let out = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", "com.vectis.autotask-setup"])
        .output()
        .expect("secret-tool runs (libsecret-tools)");
    // secret-tool prints attributes on stderr and the secret on stdout: keep the attributes.
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn to_credentials(app: &App, shots: bool) {
    app.wait_text("h1", "What you'll need", LONG).await;
    if shots {
        app.screenshot("01-what-you-need").await;
    }
    app.click_button("Next").await;
    app.wait_text("h1", "Create the API user", LONG).await;
    if shots {
        app.screenshot("02-create-api-user").await;
    }
    app.click_button("Next").await;
    app.wait_text("h1", "Paste credentials", LONG).await;
}

async fn paste(app: &App, code: &str, username: &str, secret: &str) {
    app.type_into("#integration-code", code).await;
    app.type_into("#username", username).await;
    app.type_into("#secret", secret).await;
}

async fn run_test(app: &App) {
    app.click_button("Next").await;
    app.wait_text("h1", "Test", LONG).await;
    app.click("[data-testid=run-test]").await;
    app.wait_js(
        "return !!document.querySelector('[data-testid=test-success], [data-testid=error-card]')",
        LONG,
    )
    .await;
}

async fn onboard(app: &App, world: &World, shots: bool) {
    to_credentials(app, shots).await;
    // Pasted whitespace is trimmed (and said so).
    paste(
        app,
        &format!(" {}", world.code),
        &world.username,
        &world.secret,
    )
    .await;
    if shots {
        app.screenshot("03-paste-credentials").await;
    }
    run_test(app).await;
    app.wait_text(
        "[data-testid=test-success]",
        "Connected to Autotask (webservices15.autotask.net)",
        LONG,
    )
    .await;
    if shots {
        app.screenshot("04-test").await;
    }
    app.click_button("Next").await;
    app.wait_text("h1", "Ticket defaults", LONG).await;
    app.wait_js(
        "return !!document.querySelector('input#queue[role=combobox]')",
        LONG,
    )
    .await;
    app.pick("queue", "level i", 29682833).await;
    app.pick("category", "113", 113).await;
    if shots {
        app.screenshot("05-ticket-defaults").await;
    }
    app.click_button("Next").await;
    app.wait_text("h1", "Save", LONG).await;
    app.wait_text("[data-testid=summary]", "Level I Support (29682833)", LONG)
        .await;
    if shots {
        app.screenshot("06-save").await;
    }
    app.click("[data-testid=save]").await;
    app.wait_js(
        "return !!document.querySelector('[data-testid=status-screen]')",
        LONG,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn full_onboarding_survives_a_restart_and_the_cli_agrees() {
    check_prerequisites();
    let world = World::new("onboarding").await;
    let app = App::launch(&world, "first").await;
    onboard(&app, &world, true).await;
    app.screenshot("07-status").await;
    let replies = app.replies();
    let output = app.close().await;

    let app = App::launch(&world, "restart").await;
    app.wait_text("[data-testid=status-username]", &world.username, LONG)
        .await;
    app.wait_text(
        "[data-testid=status-screen]",
        "Stored in Secret Service",
        LONG,
    )
    .await;
    app.wait_text(
        "[data-testid=status-screen]",
        "Level I Support (29682833)",
        LONG,
    )
    .await;
    app.wait_text(
        "[data-testid=last-test]",
        "Connected to Autotask (webservices15.autotask.net)",
        LONG,
    )
    .await;
    // Test now, from the status screen.
    app.click_button("Test now").await;
    app.wait_text("[data-testid=test-success]", "Connected to Autotask", LONG)
        .await;
    app.screenshot("08-status-test-now").await;
    let replies2 = app.replies();
    let output2 = app.close().await;

    let status = world.cli(&["status", "--json"]);
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["username"], world.username.as_str());
    assert_eq!(json["secretPresent"], true);
    assert_eq!(json["defaults"]["categoryId"], 113);
    let settings = std::fs::read_to_string(world.settings_dir().join("settings.json")).unwrap();
    assert!(settings.contains(&world.username));
    assert!(
        keychain_items().contains("autotask-default"),
        "the secret is in the keychain"
    );
    let forget = world.cli(&["forget", "--yes"]);
    assert_eq!(forget.status.code(), Some(0));
    assert!(
        !keychain_items().contains("autotask-default"),
        "forget removed the keychain entry"
    );
    world.assert_no_canary(&[
        ("app output", output),
        ("app output after restart", output2),
        ("WebDriver replies", replies),
        ("WebDriver replies after restart", replies2),
        (
            "CLI output",
            String::from_utf8_lossy(&status.stdout).into_owned(),
        ),
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_secret_shows_the_401_fix_after_exactly_one_authenticated_request() {
    check_prerequisites();
    let world = World::new("wrongsecret").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, "Canary-wrong-secret").await;
    run_test(&app).await;
    app.wait_text("[data-testid=error-card]", "401 Unauthorized", LONG)
        .await;
    app.wait_text("[data-testid=error-card]", "never retries", LONG)
        .await;
    app.screenshot("04-test-wrong-secret").await;
    assert_eq!(world.authenticated_requests(), 1);
    let output = app.close().await;
    world.assert_no_canary(&[("app output", output)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_user_waits_for_propagation_and_connects_without_another_click() {
    check_prerequisites();
    let world = World::new("propagation").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    paste(
        &app,
        &world.code,
        "justcreated@contoso-msp.com",
        &world.secret,
    )
    .await;
    run_test(&app).await;
    app.wait_text(
        "[data-testid=error-card]",
        "Zone information could not be determined",
        LONG,
    )
    .await;
    // The admin created the user a moment ago: it goes live 3 s from now.
    let mut user = world.sim.sim.user(&world.username).unwrap();
    user.username = "justcreated@contoso-msp.com".into();
    user.live_after_seconds = 3;
    world.sim.sim.upsert_user(user);
    app.click("[data-testid=just-created]").await;
    app.wait_js(
        "return !!document.querySelector('[data-testid=propagation-wait]')",
        LONG,
    )
    .await;
    app.screenshot("04-test-propagation-wait").await;
    app.wait_text(
        "[data-testid=test-success]",
        "Connected to Autotask",
        Duration::from_secs(40),
    )
    .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn integration_code_permissions_and_a_hung_server() {
    check_prerequisites();
    let world = World::new("failures").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    paste(&app, "WRONGCODE", &world.username, &world.secret).await;
    run_test(&app).await;
    app.wait_text(
        "[data-testid=error-card]",
        "IntegrationCode is invalid.",
        LONG,
    )
    .await;

    // A security level without the needed permissions: the matrix names the entity and the fix.
    app.click_button("Back").await;
    let limited = autotask_sim::Fixture::default_demo().limited_credentials();
    paste(
        &app,
        &limited.integration_code,
        &limited.username,
        &limited.secret,
    )
    .await;
    run_test(&app).await;
    app.wait_text("[data-testid=error-card]", "read Contracts", LONG)
        .await;
    app.wait_text("[data-testid=error-card]", "API User (system)", LONG)
        .await;
    app.wait_text("[data-check='permission.Contracts.read']", "Missing", LONG)
        .await;
    app.screenshot("04-test-missing-permission").await;

    // A server that never answers: progress shows, the window stays responsive, the Test times out.
    world.sim.sim.set_faults(autotask_sim::Faults {
        rules: vec![autotask_sim::FaultRule {
            path_contains: "/version".into(),
            kind: Some(autotask_sim::FaultKind::Hang),
            ..Default::default()
        }],
        ..Default::default()
    });
    app.click("[data-testid=run-test]").await;
    app.wait_js(
        "return document.querySelector(\"[data-check='signIn']\")?.dataset.status === 'running'",
        LONG,
    )
    .await;
    assert_eq!(app.js("return 1 + 1").await, serde_json::json!(2));
    // The timeout says what to check.
    app.wait_text(
        "[data-testid=error-card]",
        "did not answer within 4 seconds",
        LONG,
    )
    .await;
    app.wait_text("[data-testid=error-card]", "proxy", LONG)
        .await;
    app.screenshot("04-test-timeout").await;
    // A second hang can be cancelled.
    app.click("[data-testid=run-test]").await;
    app.wait_js(
        "return !!document.querySelector('[data-testid=cancel-test]')",
        LONG,
    )
    .await;
    app.wait_js(
        "return document.querySelector(\"[data-check='signIn']\")?.dataset.status === 'running'",
        LONG,
    )
    .await;
    // Responsive while waiting: the page still answers scripts and clicks.
    assert_eq!(app.js("return 1 + 1").await, serde_json::json!(2));
    app.click("[data-testid=cancel-test]").await;
    app.wait_text("[data-testid=error-card]", "cancelled", LONG)
        .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reset_keeps_the_old_credentials_until_new_ones_pass_then_disconnect_removes_everything() {
    check_prerequisites();
    let world = World::new("reset").await;
    let app = App::launch(&world, "run").await;
    onboard(&app, &world, false).await;

    app.click_button("Reset credentials").await;
    app.type_into("#new-secret", "Canary-wrong-new-secret")
        .await;
    app.click_button("Test the new credentials").await;
    app.wait_text(
        "[data-testid=reset-kept]",
        "Your saved connection was not changed",
        LONG,
    )
    .await;
    app.screenshot("09-reset-failed").await;
    app.click_button("Cancel").await;
    app.click_button("Test now").await;
    app.wait_text("[data-testid=test-success]", "Connected to Autotask", LONG)
        .await;

    // Rotate the secret in "Autotask", then reset with it.
    let rotated = format!("{}-rotated", world.secret);
    world.sim.sim.patch_user(
        &world.username,
        autotask_sim::UserPatch {
            secret: Some(rotated.clone()),
            ..Default::default()
        },
    );
    app.click_button("Reset credentials").await;
    app.type_into("#new-secret", &rotated).await;
    app.click_button("Test the new credentials").await;
    app.wait_text("[data-testid=test-success]", "Connected to Autotask", LONG)
        .await;
    app.click("[data-testid=replace]").await;
    app.wait_text(
        "[data-testid=status-screen]",
        "The new credentials are saved.",
        LONG,
    )
    .await;
    let check = world.cli(&["check", "--json"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "the saved (rotated) secret passes: {}",
        String::from_utf8_lossy(&check.stdout)
    );

    app.click_button("Disconnect…").await;
    app.screenshot("10-disconnect-confirm").await;
    app.click("[data-testid=confirm-disconnect]").await;
    app.wait_text("h1", "What you'll need", LONG).await;
    let output = app.close().await;
    assert!(!world.settings_dir().join("settings.json").exists());
    let status = world.cli(&["status", "--json"]);
    assert_eq!(status.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["configured"], false);
    assert!(
        !keychain_items().contains("autotask-default"),
        "disconnect removed the keychain entry"
    );
    world.assert_no_canary(&[("app output", output)]);
}

/// Every form in which a canary could still be read: as is, JSON-escaped, other case.
fn assert_bundle_clean(world: &World, text: &str) {
    for value in [&world.secret, &world.code] {
        let json = serde_json::to_string(value).unwrap();
        let json = &json[1..json.len() - 1];
        for form in [value.as_str(), json] {
            for hay in [text.to_string(), text.to_uppercase(), text.to_lowercase()] {
                for probe in [form.to_string(), form.to_uppercase(), form.to_lowercase()] {
                    assert!(
                        !hay.contains(&probe),
                        "{probe} leaked into the bundle:\n{text}"
                    );
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_test_saves_a_support_bundle_without_the_canary() {
    check_prerequisites();
    let world = World::new("bundle").await;
    // Autotask no longer knows the code: the Test fails after sending the canary credentials.
    let patch = autotask_sim::UserPatch {
        integration_codes: Some(vec!["OTHERINTEGRATIONCODE0000000".into()]),
        ..Default::default()
    };
    assert!(world.sim.sim.patch_user(&world.username, patch));
    let file = world.home.path().join("support/vectis-support.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let path = file.display().to_string();
    let app = App::launch_with(&world, "run", &[("VECTIS_SUPPORT_BUNDLE_PATH", &path)]).await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, &world.secret).await;
    run_test(&app).await;
    app.wait_text("[data-testid=error-card]", "integration code", LONG)
        .await;
    app.click("[data-testid=support-bundle]").await;
    app.wait_text("[data-testid=bundle-text]", "vectis-support-bundle/1", LONG)
        .await;
    let preview = app.text("[data-testid=bundle-text]").await;
    app.screenshot("11-support-bundle").await;
    // Below the fold in the window: a script click, as `click_button` does.
    app.click_button("Save…").await;
    app.wait_text("[data-testid=bundle-saved]", &path, LONG)
        .await;
    let text = std::fs::read_to_string(&file).expect("the bundle was written");
    assert_eq!(
        text.trim_end(),
        preview.trim_end(),
        "the preview is what is written"
    );
    assert_bundle_clean(&world, &text);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["lastTest"]["report"]["error"]["code"],
        "invalid_integration_code"
    );
    assert!(
        doc["system"]["webview"].as_str().unwrap().starts_with('2'),
        "WebKitGTK 2.x"
    );
    assert!(!doc["requestTimeline"].as_array().unwrap().is_empty());
    assert!(!doc["log"]["lines"].as_array().unwrap().is_empty());
    let output = app.close().await;
    world.assert_no_canary(&[("app output", output), ("support bundle", text)]);
}
