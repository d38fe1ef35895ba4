//! The whole onboarding with the keyboard alone, in the real window (WebKitGTK): Tab, Shift+Tab,
//! Enter, Space, arrows and Escape, and where focus lands after each move. Run through `.ci/session`.

use std::time::Duration;

use vectis_e2e::test_ids as tid;
use vectis_e2e::{check_prerequisites, key, App, World};

const LONG: Duration = Duration::from_secs(20);

/// Presses Tab until `target` (an element id, or "button:<text>") has focus.
async fn tab_to(app: &App, target: &str) {
    for _ in 0..25 {
        if app.focused().await == target {
            return;
        }
        app.press(&[key::TAB], None).await;
    }
    panic!(
        "Tab never reached {target}; focus is on {}",
        app.focused().await
    );
}

async fn assert_focus(app: &App, expected: &str, when: &str) {
    let started = std::time::Instant::now();
    while app.focused().await != expected && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.focused().await, expected, "focus {when}");
}

/// Next with the keyboard: Tab to it, Enter; focus then sits on the new step's heading.
async fn next_step(app: &App, heading: &str) {
    tab_to(app, "button:Next").await;
    app.press(&[key::ENTER], None).await;
    app.wait_text("h1", heading, LONG).await;
    assert_focus(app, "#step-heading", &format!("after moving to {heading}")).await;
}

async fn credentials(app: &App, world: &World, secret: &str) {
    tab_to(app, "#integration-code").await;
    app.type_keys(&world.code).await;
    tab_to(app, "#username").await;
    app.type_keys(&world.username).await;
    tab_to(app, "#secret").await;
    app.type_keys(secret).await;
    // Enter submits the form: on to the Test step.
    app.press(&[key::ENTER], None).await;
    app.wait_text("h1", "Test", LONG).await;
    assert_focus(app, "#step-heading", "after moving to Test").await;
    tab_to(app, "button:Test connection").await;
    app.press(&[key::ENTER], None).await;
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

/// Opens a Picker with the arrows, filters by typing, picks with Enter.
async fn pick(app: &App, picker: &str, query: &str, id: u64) {
    tab_to(app, &format!("#{picker}")).await;
    app.press(&[key::DOWN], None).await;
    let expanded = format!(
        "return document.getElementById({picker:?}).getAttribute('aria-expanded') === 'true'"
    );
    app.wait_js(&expanded, LONG).await;
    // Escape closes the list and keeps focus in the combobox.
    app.press(&[key::ESCAPE], None).await;
    app.wait_js(&expanded.replace("'true'", "'false'"), LONG)
        .await;
    assert_focus(app, &format!("#{picker}"), "after Escape in the list").await;
    app.type_keys(query).await;
    app.press(&[key::DOWN, key::UP, key::ENTER], None).await;
    let chosen = format!("return document.getElementById({picker:?}).value.endsWith('({id})')");
    app.wait_js(&chosen, LONG).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_onboarding_with_the_keyboard_alone() {
    check_prerequisites();
    let world = World::new("keyboard").await;
    let app = App::launch(&world, "run").await;
    app.wait_text("h1", "What you'll need", LONG).await;
    next_step(&app, "Create the API user").await;
    // Space ticks a line of the guide.
    tab_to(&app, "input:checkbox").await;
    app.press(&[key::SPACE], None).await;
    app.wait_js("return document.activeElement.checked === true", LONG)
        .await;
    // Shift+Tab goes back the way Tab came.
    tab_to(&app, "button:Next").await;
    app.press(&[key::TAB], Some(key::SHIFT)).await;
    assert_ne!(
        app.focused().await,
        "button:Next",
        "Shift+Tab moved focus back"
    );
    next_step(&app, "Paste credentials").await;

    credentials(&app, &world, "Canary-wrong-secret").await;
    app.wait_js(
        &format!(
            "return !!document.querySelector('{}[data-code=invalid_credentials]')",
            tid::ERROR_CARD
        ),
        LONG,
    )
    .await;
    tab_to(&app, "button:Edit the secret").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(&app, "#secret", "on the field at fault after the error").await;
    app.press(&["a"], Some(key::CONTROL)).await;
    app.type_keys(&world.secret).await;
    app.press(&[key::ENTER], None).await;
    app.wait_text("h1", "Test", LONG).await;
    tab_to(&app, "button:Test connection").await;
    app.press(&[key::ENTER], None).await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;

    next_step(&app, "Ticket defaults").await;
    app.wait_js(
        "return !!document.querySelector('input#queue[role=combobox]')",
        LONG,
    )
    .await;
    // L1: Next without a queue puts focus on the Queue field, as the credentials step does.
    tab_to(&app, "button:Next").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(&app, "#queue", "on the first field at fault").await;
    pick(&app, "queue", "level i", 29682833).await;
    // Tab takes the highlighted match of what was typed and moves on (L3; it used to drop it).
    tab_to(&app, "#category").await;
    app.type_keys("incid").await;
    app.press(&[key::TAB], None).await;
    app.wait_js(
        "return document.getElementById('category').value === 'Incident (113)'",
        LONG,
    )
    .await;
    assert_ne!(app.focused().await, "#category", "Tab moved on");
    test_ticket_keeps_focus(&app).await;
    next_step(&app, "Save").await;
    app.wait_text(tid::SUMMARY, "Level I Support (29682833)", LONG)
        .await;
    tab_to(&app, "button:Save").await;
    app.press(&[key::ENTER], None).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::STATUS_SCREEN),
        LONG,
    )
    .await;
    assert_focus(&app, "#status-message", "on the saved confirmation").await;

    // The disconnect confirmation: focus on its safe choice; Escape closes it and gives focus back.
    tab_to(&app, "button:Disconnect…").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(&app, "button:Cancel", "in the opened confirmation").await;
    app.press(&[key::ESCAPE], None).await;
    app.wait_js("return !document.querySelector('[role=alertdialog]')", LONG)
        .await;
    assert_focus(&app, "button:Disconnect…", "after closing the confirmation").await;
    assert!(
        world.settings_dir().join("settings.json").exists(),
        "Escape did not disconnect"
    );

    // Reset credentials: focus on New secret; after Replace, on the confirmation (L1).
    tab_to(&app, "button:Reset credentials").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(&app, "#new-secret", "when Reset opens").await;
    app.type_keys(&world.secret).await;
    tab_to(&app, "button:Test the new credentials").await;
    app.press(&[key::ENTER], None).await;
    app.wait_text(tid::TEST_SUCCESS, "Test passed", LONG).await;
    tab_to(&app, "button:Replace the saved secret").await;
    app.press(&[key::ENTER], None).await;
    app.wait_text(tid::STATUS_MESSAGE, "The new secret is saved", LONG)
        .await;
    assert_focus(&app, "#status-message", "on the replaced confirmation").await;

    // Disconnect: focus on the confirmation of what was removed, not on the page (L1).
    tab_to(&app, "button:Disconnect…").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(&app, "button:Cancel", "in the opened confirmation").await;
    tab_to(&app, "button:Disconnect").await;
    app.press(&[key::ENTER], None).await;
    app.wait_text(tid::FLASH, "Disconnected", LONG).await;
    assert_focus(&app, "#flash", "on the disconnected confirmation").await;
    assert!(!world.settings_dir().join("settings.json").exists());
    app.close().await;
}

/// L1: the test-ticket plan takes focus with its Create button in view; Cancel gives focus back to
/// "Send a test ticket…"; a created ticket's confirmation takes it.
async fn test_ticket_keeps_focus(app: &App) {
    tab_to(app, "#send-test-ticket").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(app, "#ticket-plan-question", "on the opened plan").await;
    let in_view = "const r = document.getElementById('create-test-ticket').getBoundingClientRect(); const bar = document.querySelector('.nav.row'); return r.top >= 0 && r.bottom <= (bar ? bar.getBoundingClientRect().top : innerHeight);";
    app.wait_js(in_view, LONG).await;
    tab_to(app, "button:Cancel").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(app, "#send-test-ticket", "after cancelling the plan").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(app, "#ticket-plan-question", "on the plan again").await;
    tab_to(app, "#create-test-ticket").await;
    app.press(&[key::ENTER], None).await;
    assert_focus(app, "#test-ticket-result", "on the created ticket").await;
}
