//! The product the way an admin uses it: the real binary, a real window (Xvfb), the real
//! keychain (gnome-keyring), HTTP against the simulator. Run through `.ci/session`.

use std::time::Duration;

use test_support::canary::assert_clean_of;
use vectis_e2e::test_ids as tid;
use vectis_e2e::{check_prerequisites, App, World};

const LONG: Duration = Duration::from_secs(20);

/// What the session's Secret Service holds for this scenario's app (its own keychain service;
/// attributes only, secrets not shown).
fn keychain_items(world: &World) -> String {
    let service = world.keychain_service();
    let out = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", service.as_str()])
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

/// Next from the credentials: new notices stop it once (they are read before the Test), then on.
async fn to_test_step(app: &App) {
    app.click_button("Next").await;
    app.wait_js(
        &format!("return document.querySelector('h1')?.innerText === 'Test' || document.querySelector('{}')?.innerText.startsWith('Check the note')", tid::LIVE_REGION),
        LONG,
    )
    .await;
    if app.text("h1").await != "Test" {
        app.click_button("Next").await;
    }
    app.wait_text("h1", "Test", LONG).await;
}

async fn run_test(app: &App) {
    to_test_step(app).await;
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        &format!(
            "return !!document.querySelector('{}, {}')",
            tid::TEST_SUCCESS,
            tid::ERROR_CARD
        ),
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
        &format!(" {} ", world.username),
        &format!(" {} ", world.secret),
    )
    .await;
    if shots {
        app.screenshot("03-paste-credentials").await;
    }
    // L4: the first Next shows every notice at once and trims every field (the secret too: its
    // notice says so); the second goes on.
    app.click_button("Next").await;
    app.wait_text(tid::LIVE_REGION, "Check the note", LONG)
        .await;
    let stop = "return [['integration-code', 'username', 'secret'].map((id) => !!document.getElementById(id + '-notice')), document.querySelector('#secret').value.length, document.querySelector('h1').innerText]";
    assert_eq!(
        app.js(stop).await,
        serde_json::json!([[true, true, true], world.secret.len(), "Paste credentials"])
    );
    app.click_button("Next").await;
    app.wait_text("h1", "Test", LONG).await;
    app.click(tid::RUN_TEST).await;
    app.wait_text(
        tid::TEST_SUCCESS,
        "Test passed: Autotask accepted these credentials (webservices15.autotask.net)",
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
    app.wait_text(tid::SUMMARY, "Level I Support (29682833)", LONG)
        .await;
    if shots {
        app.screenshot("06-save").await;
    }
    app.click(tid::SAVE).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::STATUS_SCREEN),
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
    // The first screen Rust handed over at start was the wizard: a reloaded page asks again.
    app.js("location.reload(); return true;").await;
    app.wait_text(tid::STATUS_USERNAME, &world.username, LONG)
        .await;
    let replies = app.replies();
    let output = app.close().await;

    let app = App::launch(&world, "restart").await;
    app.wait_text(tid::STATUS_USERNAME, &world.username, LONG)
        .await;
    app.wait_text(tid::STATUS_SCREEN, "Stored in Secret Service", LONG)
        .await;
    app.wait_text(tid::STATUS_SCREEN, "Level I Support (29682833)", LONG)
        .await;
    // That screen came with the page (src-tauri/src/first_screen.rs): no IPC round trip before it.
    app.wait_js("return !!document.body.dataset.readyMs", LONG)
        .await;
    let asked = app
        .js("return JSON.parse(document.body.dataset.startup).ui.map(p => p.name).filter(n => n === 'app info' || n === 'status')")
        .await;
    assert_eq!(
        asked,
        serde_json::json!([]),
        "the first screen waited for IPC"
    );
    app.wait_text(
        tid::LAST_TEST,
        "Connected to Autotask (webservices15.autotask.net)",
        LONG,
    )
    .await;
    // Test now, from the status screen.
    app.click_button("Test now").await;
    app.wait_text(tid::TEST_SUCCESS, "Connected to Autotask", LONG)
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
        keychain_items(&world).contains("autotask-default"),
        "the secret is in the keychain"
    );
    let forget = world.cli(&["forget", "--yes"]);
    assert_eq!(forget.status.code(), Some(0));
    assert!(
        !keychain_items(&world).contains("autotask-default"),
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
    // An empty 401 names every likely cause in one message, and says the app never retries.
    app.wait_text(tid::ERROR_CARD, "(401)", LONG).await;
    app.wait_text(tid::ERROR_CARD, "locked or inactive", LONG)
        .await;
    app.wait_text(tid::ERROR_CARD, "never retries", LONG).await;
    // Test is off right after the 401 (Rust would refuse the same secret), and says why (M3).
    assert_test_off(&app).await;
    app.wait_text(tid::REJECTED_COUNT, "1", LONG).await;
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
        tid::ERROR_CARD,
        "Zone information could not be determined",
        LONG,
    )
    .await;
    // The admin created the user a moment ago: it goes live 3 s from now.
    let mut user = world.sim.sim.user(&world.username).unwrap();
    user.username = "justcreated@contoso-msp.com".into();
    user.live_after_seconds = 3;
    world.sim.sim.upsert_user(user);
    app.click(tid::JUST_CREATED).await;
    app.wait_js(
        &format!(
            "return !!document.querySelector('{}')",
            tid::PROPAGATION_WAIT
        ),
        LONG,
    )
    .await;
    app.screenshot("04-test-propagation-wait").await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", Duration::from_secs(40))
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
    app.wait_text(tid::ERROR_CARD, "IntegrationCode is invalid.", LONG)
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
    app.wait_text(tid::ERROR_CARD, "read Contracts", LONG).await;
    app.wait_text(tid::ERROR_CARD, "API User (system)", LONG)
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
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        "return document.querySelector(\"[data-check='signIn']\")?.dataset.status === 'running'",
        LONG,
    )
    .await;
    assert_eq!(app.js("return 1 + 1").await, serde_json::json!(2));
    // The timeout says what to check.
    app.wait_text(tid::ERROR_CARD, "did not answer within 4 seconds", LONG)
        .await;
    app.wait_text(tid::ERROR_CARD, "proxy", LONG).await;
    app.screenshot("04-test-timeout").await;
    // A second hang can be cancelled.
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::CANCEL_TEST),
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
    app.click(tid::CANCEL_TEST).await;
    // Stopped is neutral, not a failure.
    app.wait_text(tid::TEST_STOPPED, "Stopped", LONG).await;
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
        tid::RESET_KEPT,
        "Your saved connection was not changed",
        LONG,
    )
    .await;
    app.screenshot("09-reset-failed").await;
    app.click_button("Cancel").await;
    app.click_button("Test now").await;
    app.wait_text(tid::TEST_SUCCESS, "Connected to Autotask", LONG)
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
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    app.click(tid::REPLACE).await;
    app.wait_text(tid::STATUS_SCREEN, "The new secret is saved.", LONG)
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
    app.click(tid::CONFIRM_DISCONNECT).await;
    app.wait_text("h1", "What you'll need", LONG).await;
    let output = app.close().await;
    assert!(!world.settings_dir().join("settings.json").exists());
    let status = world.cli(&["status", "--json"]);
    assert_eq!(status.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["configured"], false);
    assert!(
        !keychain_items(&world).contains("autotask-default"),
        "disconnect removed the keychain entry"
    );
    world.assert_no_canary(&[("app output", output)]);
}

/// Blue/green rotation in the window: a second API user is tested while the first keeps
/// working, replaces it ("Switch"), and the status screen then lists how to retire the old
/// user; the admin's confirmation is recorded (the CLI reads it back).
#[tokio::test(flavor = "multi_thread")]
async fn switching_to_another_api_user_then_retiring_the_old_one() {
    check_prerequisites();
    let world = World::new("switch").await;
    let green = "green5r8t2w7q@contoso-msp.com";
    let mut user = world.sim.sim.user(&world.username).unwrap();
    user.username = green.into();
    user.secret = format!("{}-green", world.secret);
    world.sim.sim.upsert_user(user.clone());
    let app = App::launch(&world, "run").await;
    onboard(&app, &world, false).await;

    app.click_button("Reset credentials").await;
    app.click(tid::RESET_KIND_SWITCH).await;
    app.type_into("#new-username", green).await;
    app.type_into("#new-secret", &user.secret).await;
    app.wait_text(tid::REPLACE, "Switch to the new API user", LONG)
        .await;
    app.screenshot("13-reset-switch").await;
    app.click_button("Test the new credentials").await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    // Until the switch is saved, the old user is the saved one.
    let before = world.cli(&["status", "--json"]);
    let before: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    assert_eq!(before["username"], world.username.as_str());

    app.click(tid::REPLACE).await;
    app.wait_text(tid::STATUS_MESSAGE, &format!("Switched to {green}."), LONG)
        .await;
    app.wait_text(
        tid::RETIRE_OLD_USER,
        &format!("Retire the old API user {}", world.username),
        LONG,
    )
    .await;
    app.wait_text(
        tid::SECRET_AGE,
        "Secret saved today, last verified today",
        LONG,
    )
    .await;
    app.screenshot("13-status-switched").await;
    let status = world.cli(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["username"], green);
    assert_eq!(json["oldUser"]["username"], world.username.as_str());
    assert_eq!(json["oldUser"]["retiredAt"], serde_json::Value::Null);

    app.click(tid::CONFIRM_RETIRED).await;
    app.wait_text(
        tid::OLD_USER,
        &format!("{} · retired", world.username),
        LONG,
    )
    .await;
    let status = world.cli(&["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(
        json["oldUser"]["retiredAt"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z')),
        "{json}"
    );
    let check = world.cli(&["check", "--json"]);
    assert_eq!(check.status.code(), Some(0), "the switched-to user passes");
    let output = app.close().await;
    world.assert_no_canary(&[("app output", output)]);
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
    app.wait_text(tid::ERROR_CARD, "integration code", LONG)
        .await;
    app.click(tid::SUPPORT_BUNDLE).await;
    app.wait_text(tid::BUNDLE_TEXT, "vectis-support-bundle/2", LONG)
        .await;
    let preview = app.text(tid::BUNDLE_TEXT).await;
    app.screenshot("11-support-bundle").await;
    // Below the fold in the window: a script click, as `click_button` does.
    app.click_button("Save…").await;
    app.wait_text(tid::BUNDLE_SAVED, &path, LONG).await;
    let text = std::fs::read_to_string(&file).expect("the bundle was written");
    assert_eq!(
        text.trim_end(),
        preview.trim_end(),
        "the preview is what is written"
    );
    assert_clean_of(
        &text,
        "the bundle",
        [world.secret.as_str(), world.code.as_str()],
    );
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

/// Where an element sits: `[top, bottom]` in the viewport, or null.
fn rect_of(css: &str) -> String {
    format!("const e = document.querySelector({css:?}); if (!e) return null; const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];")
}

/// Panics unless `css` is fully in the viewport (above the sticky action bar's bottom edge).
async fn assert_in_view(app: &App, css: &str, what: &str) {
    let v = app.js(&rect_of(css)).await;
    let (top, bottom, height) = (
        v[0].as_f64().unwrap_or(-1.0),
        v[1].as_f64().unwrap_or(1e9),
        v[2].as_f64().unwrap_or(0.0),
    );
    assert!(
        top >= 0.0 && bottom <= height,
        "{what}: {css} not in view ({top}..{bottom} of {height})"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_test_belongs_to_its_step_and_a_pass_says_why_it_cannot_run_again() {
    check_prerequisites();
    let world = World::new("teststep").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, &world.secret).await;
    to_test_step(&app).await;
    // A slow Autotask: the Test is still running when the admin goes Back.
    world.sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 1500,
        ..Default::default()
    });
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::CANCEL_TEST),
        LONG,
    )
    .await;
    app.click_button("Back").await;
    app.wait_text("h1", "Paste credentials", LONG).await;
    world.sim.sim.set_faults(autotask_sim::Faults::default());
    app.click_button("Next").await;
    app.wait_text("h1", "Test", LONG).await;
    // Leaving stopped it: nothing hidden is running, nothing stale is shown.
    assert_eq!(app.text(tid::RUN_TEST).await, "Test connection");
    assert!(app.text(tid::ERROR_CARD).await.is_empty(), "no stale error");
    app.click(tid::RUN_TEST).await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    // The result is in view at the default size, with the focus on its heading.
    assert_in_view(&app, tid::TEST_SUCCESS, "after a pass").await;
    assert_eq!(
        app.js("return document.activeElement.hasAttribute('data-result-heading')")
            .await,
        serde_json::json!(true)
    );
    // The secret went to Rust: the button says why it cannot test again.
    let disabled = &format!("const b = document.querySelector('{}'); return b.disabled && b.innerText.includes('Passed ✓ — change a credential to test again');", tid::RUN_TEST);
    assert_eq!(app.js(disabled).await, serde_json::json!(true));
    app.screenshot("04-test-passed").await;
    app.click_button("Back").await;
    app.click_button("Next").await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    assert_eq!(app.js(disabled).await, serde_json::json!(true));
    let output = app.close().await;
    assert!(
        !output.contains("A test is already running"),
        "no orphaned Test"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_follow_their_input_and_notices_come_before_the_test() {
    check_prerequisites();
    let world = World::new("messages").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    // A field error goes when the field is corrected.
    paste(&app, &world.code, "not-a-username", &world.secret).await;
    app.click_button("Next").await;
    app.wait_js(
        "return document.getElementById('username').getAttribute('aria-invalid') === 'true'",
        LONG,
    )
    .await;
    app.type_into("#username", &world.username).await;
    app.wait_js("return document.getElementById('username').getAttribute('aria-invalid') === 'false' && !document.getElementById('username-error')", LONG).await;
    // A short integration code: Next stops once to show the length notice, the failure recalls it.
    app.type_into("#integration-code", "WRONGCODE1").await;
    app.click_button("Next").await;
    app.wait_text("#integration-code-notice", "this one has 10", LONG)
        .await;
    assert_eq!(app.text("h1").await, "Paste credentials");
    app.screenshot("03-paste-credentials-notice").await;
    app.click_button("Next").await;
    app.wait_text("h1", "Test", LONG).await;
    app.click(tid::RUN_TEST).await;
    app.wait_text(tid::RELATED_NOTICE, "this one has 10", LONG)
        .await;
    app.screenshot("04-test-integration-code").await;

    // Ticket defaults: a typed ID that does not exist is not called "saved", and its error goes with it.
    app.click_button("Back").await;
    app.type_into("#integration-code", &world.code).await;
    run_test(&app).await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    app.click_button("Next").await;
    app.wait_js(
        "return !!document.querySelector('input#queue[role=combobox]')",
        LONG,
    )
    .await;
    app.pick("queue", "level i", 29682833).await;
    // L2: the API-only suggestion sits under Ticket category, says why, and using it moves nothing.
    let status_at = "const r = document.getElementById('status').getBoundingClientRect(); return [r.left, r.top];";
    let before = app.js(status_at).await;
    let suggestion = app.text(tid::API_ONLY_CATEGORY).await;
    assert!(
        suggestion.contains("only integrations can use it"),
        "{suggestion}"
    );
    let cell = format!(
        "return document.querySelector('{}').parentElement.contains(document.getElementById('category'))",
        tid::API_ONLY_CATEGORY
    );
    assert_eq!(
        app.js(&cell).await,
        serde_json::Value::Bool(true),
        "under Ticket category"
    );
    app.click_button("use Datto RMM Alert (2)").await;
    app.wait_text(
        tid::API_ONLY_CATEGORY,
        "is your tenant's API-only category",
        LONG,
    )
    .await;
    assert_eq!(app.js(status_at).await, before, "Status did not move");
    app.js(&format!("[...document.querySelectorAll('{} button')].find(b => b.innerText === 'Type an ID instead').click()", tid::picker("category"))).await;
    app.type_into("#category-typed", "999").await;
    app.wait_text(
        "#category-msg",
        "There is no ticket category with ID 999",
        LONG,
    )
    .await;
    assert!(
        !app.text("#category-msg").await.contains("saved"),
        "an unsaved ID is not called saved"
    );
    app.click_button("Next").await;
    app.wait_text("#category-msg", "999", LONG).await;
    app.click_button("Pick from the list").await;
    app.pick("category", "113", 113).await;
    app.wait_js(
        "return !document.getElementById('category-msg').innerText.includes('999')",
        LONG,
    )
    .await;
    app.screenshot("05-ticket-defaults").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_screen_confirms_what_it_did_and_a_stop_is_neutral() {
    check_prerequisites();
    let world = World::new("confirm").await;
    let app = App::launch(&world, "run").await;
    onboard(&app, &world, false).await;
    app.wait_text(tid::STATUS_MESSAGE, "Saved.", LONG).await;
    // One button tests: "Test now" (the panel has none of its own); a stop is neutral.
    world.sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 1500,
        ..Default::default()
    });
    app.click(tid::TEST_NOW).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::CANCEL_TEST),
        LONG,
    )
    .await;
    assert_eq!(
        app.js(&format!(
            "return document.querySelectorAll('{}').length",
            tid::RUN_TEST
        ))
        .await,
        serde_json::json!(0)
    );
    app.click(tid::CANCEL_TEST).await;
    app.wait_text(tid::TEST_STOPPED, "Stopped", LONG).await;
    assert!(
        app.text(tid::ERROR_CARD).await.is_empty(),
        "a stop is not an error"
    );
    app.screenshot("08-status-test-stopped").await;
    // M2: the stop is no result; the last completed Test stays the status, also after a re-read.
    let last = app.text(tid::LAST_TEST).await;
    assert!(
        last.contains("Connected") && !last.contains("cancelled"),
        "{last}"
    );
    // Edit ticket defaults while a Test runs says it stopped it.
    app.click(tid::TEST_NOW).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::CANCEL_TEST),
        LONG,
    )
    .await;
    app.click_button("Edit ticket defaults").await;
    app.wait_text(tid::STATUS_MESSAGE, "Test stopped.", LONG)
        .await;
    app.wait_text(tid::LAST_TEST, "Connected", LONG).await;
    app.click_button("Cancel").await;
    world.sim.sim.set_faults(autotask_sim::Faults::default());
    // Defaults: a visible confirmation.
    app.click_button("Edit ticket defaults").await;
    app.wait_js(
        "return !!document.querySelector('input#category[role=combobox]')",
        LONG,
    )
    .await;
    app.click_button("Save defaults").await;
    app.wait_text(tid::STATUS_MESSAGE, "Ticket defaults saved.", LONG)
        .await;
    // Reset: a failed result goes when a new secret is pasted; the screen has no dead space.
    app.click_button("Reset credentials").await;
    app.type_into("#new-secret", "Canary-wrong-new-secret")
        .await;
    app.click_button("Test the new credentials").await;
    app.wait_text(tid::RESET_KEPT, "not changed", LONG).await;
    assert_in_view(&app, tid::REPLACE, "reset after a failure").await;
    assert_in_view(&app, tid::ERROR_CARD, "reset after a failure").await;
    app.screenshot("09-reset-failed").await;
    app.type_into("#new-secret", "another-paste").await;
    app.wait_js(
        &format!(
            "return !document.querySelector('{}') && !document.querySelector('{}')",
            tid::RESET_KEPT,
            tid::ERROR_CARD
        ),
        LONG,
    )
    .await;
    app.click_button("Cancel").await;
    app.wait_text(tid::STATUS_MESSAGE, "Reset cancelled.", LONG)
        .await;
    // Disconnect: said on screen, not only to screen readers.
    app.click_button("Disconnect…").await;
    app.click(tid::CONFIRM_DISCONNECT).await;
    app.wait_text(tid::FLASH, "Disconnected.", LONG).await;
    app.screenshot("10-disconnected").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn at_the_minimum_size_the_fields_come_first() {
    check_prerequisites();
    let world = World::new("minsize").await;
    let app = App::launch(&world, "run").await;
    app.resize(640, 560).await;
    to_credentials(&app, false).await;
    // The first field and its label sit in the top half: header and progress take one line each.
    let v = app.js(&rect_of("#integration-code")).await;
    let bottom = v[1].as_f64().unwrap_or(1e9);
    assert!(bottom <= 280.0, "the first field ends at {bottom}px of 560");
    assert_in_view(
        &app,
        ".nav button.primary",
        "credentials at the minimum size",
    )
    .await;
    app.screenshot("min/03-paste-credentials").await;
    app.close().await;
}

/// Runs the wizard's Test (from the Test step) and waits for any outcome card.
async fn test_and_wait(app: &App) {
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        &format!(
            "return !!document.querySelector('{}, {}, {}') && !document.querySelector('{}')",
            tid::TEST_SUCCESS,
            tid::ERROR_CARD,
            tid::REJECTED_CARD,
            tid::CANCEL_TEST
        ),
        LONG,
    )
    .await;
}

/// Back to the credentials, a new secret, and its Test.
async fn test_secret(app: &App, secret: &str) {
    app.click_button("Back").await;
    app.wait_text("h1", "Paste credentials", LONG).await;
    app.type_into("#secret", secret).await;
    to_test_step(app).await;
    test_and_wait(app).await;
}

fn lock_user(world: &World, locked: bool) {
    let patch = autotask_sim::UserPatch {
        locked: Some(locked),
        ..Default::default()
    };
    assert!(world.sim.sim.patch_user(&world.username, patch));
}

/// Confirms "Test once anyway" (or "Send this secret…") after reading the count it shows.
async fn confirm_once(app: &App, count_shown: &str) {
    app.click(tid::TEST_ANYWAY).await;
    app.wait_text("#retry-question", count_shown, LONG).await;
    app.click(tid::CONFIRM_RETRY).await;
}

/// The wizard's Test button is disabled and says why: pressing it would send nothing.
async fn assert_test_off(app: &App) {
    app.wait_text(tid::RUN_TEST, "Rejected — change the secret", LONG)
        .await;
    let disabled = format!(
        "return document.querySelector('{}').disabled",
        tid::RUN_TEST
    );
    assert_eq!(app.js(&disabled).await, serde_json::json!(true));
}

// H2: different wrong secrets are counted, a third waits for the admin, and after an unlock one
// deliberate try of the secret refused while locked connects, without restarting.
#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_counts_rejected_secrets_and_recovers_after_an_unlock_without_a_restart() {
    check_prerequisites();
    let world = World::new("h2wizard").await;
    let app = App::launch(&world, "run").await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, "Canary-wrong-one").await;
    to_test_step(&app).await;
    test_and_wait(&app).await;
    app.wait_text(tid::ERROR_CARD, "(401)", LONG).await;
    // Test is off at once (the same secret would be refused), with its reason; the card offers the
    // counted one more try beside Edit the secret.
    assert_test_off(&app).await;
    app.wait_text(tid::ERROR_CARD, "Edit the secret", LONG)
        .await;
    app.wait_text(tid::ERROR_CARD, "Test once anyway", LONG)
        .await;
    // Back and Next with the same secret: nothing is sent, one card says so, and Test is off.
    app.click_button("Back").await;
    app.wait_text("h1", "Paste credentials", LONG).await;
    to_test_step(&app).await;
    test_and_wait(&app).await;
    app.wait_text(tid::REJECTED_CARD, "Not sent", LONG).await;
    app.wait_text(tid::REJECTED_CARD, "Edit the secret", LONG)
        .await;
    assert_test_off(&app).await;
    assert_eq!(world.authenticated_requests(), 1);
    test_secret(&app, "Canary-wrong-two").await;
    app.wait_text(tid::ERROR_CARD, "(401)", LONG).await;
    assert_eq!(world.authenticated_requests(), 2);
    // A third different secret waits for the admin's word, with the count.
    test_secret(&app, "Canary-wrong-three").await;
    app.wait_text(tid::REJECTED_CARD, "2 different secrets", LONG)
        .await;
    app.wait_text(tid::REJECTED_COUNT, "2", LONG).await;
    app.screenshot("04-test-third-secret-waits").await;
    assert_eq!(world.authenticated_requests(), 2, "the third was not sent");
    // Autotask locked the user meanwhile: the right secret, confirmed, is rejected once.
    lock_user(&world, true);
    test_secret(&app, &world.secret).await;
    confirm_once(&app, "rejected sign-in number 3").await;
    app.wait_text(tid::ERROR_CARD, "(401)", LONG).await;
    assert_eq!(world.authenticated_requests(), 3);
    // Unlocked in Autotask: Test stays off for the secret just rejected; the 401 card's one
    // deliberate try connects, no restart.
    lock_user(&world, false);
    assert_test_off(&app).await;
    assert_eq!(world.authenticated_requests(), 3);
    confirm_once(&app, "rejected sign-in number 4").await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    let output = app.close().await;
    world.assert_no_canary(&[("app output", output)]);
}

// H1: on the status screen "Test once anyway" asks first with the count, sends once, and is then
// disabled; nothing claims the user cannot be locked.
#[tokio::test(flavor = "multi_thread")]
async fn test_once_anyway_on_the_status_screen_is_counted_and_single_use() {
    check_prerequisites();
    let world = World::new("h1status").await;
    let app = App::launch(&world, "run").await;
    onboard(&app, &world, false).await;
    // The secret is rotated in Autotask: Test now is rejected once.
    let rotate = autotask_sim::UserPatch {
        secret: Some("Rotated*Secret#2026".into()),
        ..Default::default()
    };
    assert!(world.sim.sim.patch_user(&world.username, rotate));
    app.click(tid::TEST_NOW).await;
    app.wait_text(tid::REJECTED_CARD, "rejected the saved credentials", LONG)
        .await;
    let before = world.authenticated_requests();
    assert!(!app.text("body").await.contains("cannot be locked"));
    app.wait_text(tid::TEST_NOW, "Rejected", LONG).await;
    // Asks first (nothing sent yet), with the count, then sends exactly once.
    app.click(tid::TEST_ANYWAY).await;
    app.wait_text(tid::REJECTED_CARD, "rejected sign-in number 2", LONG)
        .await;
    assert_eq!(world.authenticated_requests(), before);
    app.screenshot("07-status-test-once-anyway-asks").await;
    app.click(tid::CONFIRM_RETRY).await;
    app.wait_text(tid::TEST_ANYWAY, "used", LONG).await;
    assert_eq!(world.authenticated_requests(), before + 1);
    assert_eq!(
        app.js(&format!(
            "return [document.querySelectorAll('{}').length, document.querySelectorAll('{}').length, document.querySelector('{}').disabled]",
            tid::REJECTED_CARD,
            tid::ERROR_CARD,
            tid::TEST_ANYWAY
        ))
        .await,
        serde_json::json!([1, 0, true]),
        "one card, and the used button is disabled"
    );
    app.wait_text(tid::REJECTED_COUNT, "2", LONG).await;
    app.screenshot("07-status-test-once-anyway-used").await;
    app.close().await;
}

/// The app with the organisation's policy file `policy` (JSON).
async fn launch_with_policy(world: &World, policy: &str) -> App {
    let path = world.home.path().join("policy.json");
    std::fs::write(&path, policy).unwrap();
    let path = path.display().to_string();
    App::launch_with(world, "run", &[("VECTIS_POLICY_FILE", path.as_str())]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn rights_beyond_need_a_line_of_business_gap_and_another_tenant_are_named() {
    use autotask_sim::fixture::Access;
    check_prerequisites();
    let world = World::new("beyondneed").await;
    // A broad security level, and no Line of Business for the tickets.
    let mut user = world.sim.sim.user(&world.username).unwrap();
    let tickets = user.access.entry("Tickets".into()).or_default();
    tickets.delete = Access::All;
    tickets.update = Access::All;
    tickets.no_rows = true;
    user.access.entry("Companies".into()).or_default().update = Access::All;
    user.access.entry("Invoices".into()).or_default().query = Access::Restricted;
    world.sim.sim.upsert_user(user);

    let app = launch_with_policy(&world, r#"{"ExpectedTenant": "20264"}"#).await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, &world.secret).await;
    run_test(&app).await;
    app.wait_text(tid::TEST_SUCCESS, "Contoso Managed Services", LONG)
        .await;
    app.wait_text(tid::TEST_WARNINGS, "Line of Business", LONG)
        .await;
    app.wait_text(
        tid::EXCESS_PERMISSIONS,
        "More than Vectis needs: 4 rights",
        LONG,
    )
    .await;
    // Collapsed by default: opened and brought into view for the screenshot.
    let open = format!(
        "const d = document.querySelector('{}'); d.open = true; d.scrollIntoView({{block: 'end'}}); return true",
        tid::EXCESS_PERMISSIONS
    );
    app.js(&open).await;
    app.wait_text(tid::EXCESS_PERMISSIONS, "delete Tickets", LONG)
        .await;
    app.screenshot("04-test-beyond-need").await;
    app.close().await;

    // The organisation expects another tenant: refused, with both names, and nothing saved.
    let app = launch_with_policy(&world, r#"{"ExpectedTenant": "Contoso Sandbox"}"#).await;
    to_credentials(&app, false).await;
    paste(&app, &world.code, &world.username, &world.secret).await;
    run_test(&app).await;
    app.wait_text(
        tid::ERROR_CARD,
        "Contoso Managed Services (tenant 20264)",
        LONG,
    )
    .await;
    app.wait_text(tid::ERROR_CARD, "Contoso Sandbox", LONG)
        .await;
    app.wait_text("[data-check='tenant']", "your organisation expects", LONG)
        .await;
    app.screenshot("04-test-wrong-tenant").await;
    app.close().await;
}

/// A saved connection, then the app again while the ticket category list answers an HTML 503:
/// Edit ticket defaults open.
async fn edit_defaults_while_the_lists_fail(world: &World) -> App {
    let app = App::launch(world, "first").await;
    onboard(&app, world, false).await;
    app.close().await;
    world.sim.sim.set_faults(autotask_sim::Faults {
        rules: vec![autotask_sim::FaultRule {
            path_contains: "ticketcategories".into(),
            kind: Some(autotask_sim::FaultKind::Html503),
            ..Default::default()
        }],
        ..Default::default()
    });
    let app = App::launch(world, "lists-fail").await;
    app.wait_text(tid::STATUS_SCREEN, "Level I Support (29682833)", LONG)
        .await;
    app.click_button("Edit ticket defaults").await;
    app
}

// H3: a queue ID typed while the lists fail is saved "not checked", without the old queue's
// name, and the next Test of the saved connection checks it and fails with the fix.
#[tokio::test(flavor = "multi_thread")]
async fn an_id_saved_while_the_lists_fail_is_not_checked_and_the_next_test_checks_it() {
    check_prerequisites();
    let world = World::new("h3unchecked").await;
    let app = edit_defaults_while_the_lists_fail(&world).await;
    app.wait_js("return !!document.querySelector('#queue-typed')", LONG)
        .await;
    app.type_into("#queue-typed", "99").await;
    app.click_button("Save defaults").await;
    app.wait_text(tid::STATUS_MESSAGE, "Ticket defaults saved.", LONG)
        .await;
    app.wait_text(tid::STATUS_SCREEN, "ID 99 · not checked", LONG)
        .await;
    let screen = app.text(tid::STATUS_SCREEN).await;
    assert!(!screen.contains("Support (99)"), "no old name: {screen}");
    app.screenshot("08-status-id-not-checked").await;
    // The lists are back: Test now checks the saved queue and says it was never found.
    world.sim.sim.set_faults(autotask_sim::Faults::default());
    app.click(tid::TEST_NOW).await;
    app.wait_text(tid::ERROR_CARD, "There is no queue with ID 99", LONG)
        .await;
    app.wait_text(tid::LAST_TEST, "queue", LONG).await;
    app.close().await;
}

// L11: the lists fail while the defaults are edited: the ID fields keep the saved values' names
// (a typed ID says "not checked"), and "Load the lists again" brings the pickers back with what
// was typed, now checked.
#[tokio::test(flavor = "multi_thread")]
async fn load_the_lists_again_after_they_failed_keeps_what_was_typed() {
    check_prerequisites();
    let world = World::new("l11reload").await;
    let app = edit_defaults_while_the_lists_fail(&world).await;
    app.wait_text(
        &tid::typed_note("queue"),
        "Saved: Level I Support (29682833)",
        LONG,
    )
    .await;
    app.type_into("#category-typed", "999").await;
    app.wait_text(&tid::typed_note("category"), "ID 999 · not checked", LONG)
        .await;
    app.screenshot("08-edit-defaults-lists-failed").await;
    world.sim.sim.set_faults(autotask_sim::Faults::default());
    app.click_button("Load the lists again").await;
    app.wait_js(
        "return !!document.querySelector('input#category[role=combobox]')",
        LONG,
    )
    .await;
    app.wait_text(
        "#category-msg",
        "There is no ticket category with ID 999",
        LONG,
    )
    .await;
    let queue = app
        .js("return document.getElementById('queue').value")
        .await;
    assert_eq!(queue, "Level I Support (29682833)");
    assert!(
        !app.text(tid::STATUS_SCREEN)
            .await
            .contains("Load the lists again"),
        "the button goes with the failure"
    );
    app.close().await;
}
