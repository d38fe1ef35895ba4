//! The real window (WebKitGTK) at its minimum size, at 200 % text and in dark mode: nothing
//! clipped, no horizontal scrolling, the primary button in view at the default size, and the
//! OS theme followed. Screenshots go beside the Chromium set (`min/`, `zoom200/`, `dark/`).
//! Run through `.ci/session`.

use std::time::Duration;

use vectis_e2e::test_ids as tid;
use vectis_e2e::{check_layout, check_prerequisites, key, App, World};

const LONG: Duration = Duration::from_secs(20);
/// tauri.conf.json's default and minimum window sizes.
const DEFAULT: (u32, u32) = (920, 720);
const MINIMUM: (u32, u32) = (640, 560);

/// The first wizard steps, reached with Next; each name is its screenshot's.
const STEPS: [(&str, &str); 3] = [
    ("01-what-you-need", "What you'll need"),
    ("02-create-api-user", "Create the API user"),
    ("03-paste-credentials", "Paste credentials"),
];

async fn set_text_zoom(app: &App, percent: u32) {
    app.js(&format!(
        "document.documentElement.style.fontSize = '{percent}%'; return true;"
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Checks the screen at the default size, the minimum size, and 200 % text at the minimum.
async fn check_sizes(app: &App, shot: &str) {
    app.resize(DEFAULT.0, DEFAULT.1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let layout = check_layout(app).await;
    layout.assert_fits(shot);
    layout.assert_primary_in_view(shot);
    app.resize(MINIMUM.0, MINIMUM.1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    check_layout(app)
        .await
        .assert_fits(&format!("{shot} at the minimum size"));
    app.screenshot(&format!("min/{shot}")).await;
    set_text_zoom(app, 200).await;
    if std::env::var_os("VECTIS_E2E_DEBUG").is_some() {
        let wide = app.js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth || e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' sw=' + e.scrollWidth + ' cw=' + e.clientWidth).slice(0, 15)").await;
        eprintln!("WIDE {wide}");
    }
    check_layout(app)
        .await
        .assert_fits(&format!("{shot} at 200 % text"));
    app.screenshot(&format!("zoom200/{shot}")).await;
    set_text_zoom(app, 100).await;
    app.resize(DEFAULT.0, DEFAULT.1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_fits_at_its_minimum_size_and_at_200_percent_text() {
    check_prerequisites();
    let world = World::new("window sizes").await;
    let app = App::launch(&world, "sizes").await;
    for (i, (shot, heading)) in STEPS.iter().enumerate() {
        app.wait_text("h1", heading, LONG).await;
        check_sizes(&app, shot).await;
        if i + 1 < STEPS.len() {
            app.click_button("Next").await;
        }
    }
    // The rest of the wizard and the status screen, with a passing Test.
    pass_the_test(&app, &world).await;
    check_sizes(&app, "04-test").await;
    next_until(&app, "Ticket defaults").await;
    app.pick("queue", "Level I", 29682833).await;
    check_sizes(&app, "05-ticket-defaults").await;
    next_until(&app, "Save").await;
    check_sizes(&app, "06-save").await;
    app.click(tid::SAVE).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::STATUS_SCREEN),
        LONG,
    )
    .await;
    check_sizes(&app, "07-status").await;
    app.close().await;
}

/// The first screen's text, in the four fonts (family, size, weight) it needs: body and bold,
/// the heading, the small print. WebKit loads, hints and shapes each one before the first frame,
/// at about 3 ms apiece on the benchmark machine (docs/benchmarks.md).
const FIRST_SCREEN_FONTS: usize = 4;

#[tokio::test(flavor = "multi_thread")]
async fn the_first_screen_draws_its_text_in_four_fonts() {
    check_prerequisites();
    let world = World::new("first-screen fonts").await;
    let app = App::launch(&world, "fonts").await;
    app.wait_text("h1", STEPS[0].1, LONG).await;
    // Every laid-out element with text of its own (screen-reader text too: it is shaped alike).
    let fonts = app
        .js("const fonts = new Set();
             for (const el of document.querySelectorAll('body *')) {
               const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
               const box = el.getBoundingClientRect();
               if (!text || !box.width || !box.height) continue;
               const s = getComputedStyle(el);
               fonts.add(`${s.fontFamily} ${s.fontSize} ${s.fontWeight}`);
             }
             return [...fonts].sort();")
        .await;
    let fonts = fonts.as_array().expect("a list of fonts");
    assert!(
        fonts.len() <= FIRST_SCREEN_FONTS,
        "the first screen uses {} fonts, at most {FIRST_SCREEN_FONTS}: {fonts:?}",
        fonts.len()
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dark_mode_follows_the_desktop_theme() {
    check_prerequisites();
    let world = World::new("dark mode").await;
    let app = App::launch_with(&world, "dark", &[("GTK_THEME", "Adwaita:dark")]).await;
    app.wait_text("h1", STEPS[0].1, LONG).await;
    assert!(
        check_layout(&app).await.dark,
        "prefers-color-scheme is dark under a dark GTK theme"
    );
    let background: String = app
        .js("return getComputedStyle(document.body).backgroundColor")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_ne!(
        background, "rgb(255, 255, 255)",
        "the page is not painted white"
    );
    for (i, (shot, heading)) in STEPS.iter().enumerate() {
        app.wait_text("h1", heading, LONG).await;
        app.screenshot(&format!("dark/{shot}")).await;
        if i + 1 < STEPS.len() {
            app.click_button("Next").await;
        }
    }
    app.close().await;
}

/// From the credentials step: the world's credentials, Next, a passing Test.
async fn pass_the_test(app: &App, world: &World) {
    app.type_into("#integration-code", &world.code).await;
    app.type_into("#username", &world.username).await;
    app.type_into("#secret", &world.secret).await;
    next_until(app, "Test").await;
    app.click(tid::RUN_TEST).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::TEST_SUCCESS),
        LONG,
    )
    .await;
}

/// Next until `heading` shows (new credential notices stop Next once, by design).
async fn next_until(app: &App, heading: &str) {
    for _ in 0..3 {
        app.click_button("Next").await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        if app.text("h1").await == heading {
            return;
        }
    }
    app.wait_text("h1", heading, LONG).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_queue_the_organisation_manages_is_shown_as_such_and_not_offered() {
    check_prerequisites();
    let world = World::new("managed queue").await;
    let policy = world.home.path().join("policy.json");
    std::fs::write(&policy, r#"{"QueueId": 29682833}"#).unwrap();
    let policy = policy.display().to_string();
    let app = App::launch_with(
        &world,
        "managed",
        &[("VECTIS_POLICY_FILE", policy.as_str())],
    )
    .await;
    app.wait_text("h1", STEPS[0].1, LONG).await;
    next_until(&app, STEPS[2].1).await;
    pass_the_test(&app, &world).await;
    next_until(&app, "Ticket defaults").await;
    app.wait_text(&tid::managed("queue"), "Set by your organization", LONG)
        .await;
    assert!(app.text(&tid::managed("queue")).await.contains("29682833"));
    let queue_pickers = app
        .js("return document.querySelectorAll('#queue[role=combobox]').length")
        .await;
    assert_eq!(
        queue_pickers,
        serde_json::json!(0),
        "no picker for a managed queue"
    );
    app.screenshot("policy/05-ticket-defaults-managed").await;
    app.close().await;
}

async fn click_by_script(app: &App, css: &str) {
    app.js(&format!(
        "document.querySelector({css:?}).click(); return true;"
    ))
    .await;
}

/// At the real 200 % text scale: the layout fits and the primary action is in view at `sizes`.
async fn check_dpi2(app: &App, shot: &str, sizes: &[(u32, u32)]) {
    for &(w, h) in sizes {
        app.resize(w, h).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let width = app.js("return window.innerWidth").await;
        assert!(
            width.as_i64().unwrap_or(i64::MAX) <= i64::from(w) * 6 / 10,
            "the real text scale applies (viewport {width} CSS px in a {w} px window)"
        );
        let layout = check_layout(app).await;
        let at = format!("{shot} at {w}×{h}, 200 % desktop text");
        layout.assert_fits(&at);
        layout.assert_primary_in_view(&at);
    }
    app.resize(DEFAULT.0, DEFAULT.1).await;
}

/// M6: the desktop's real text scale (`GDK_DPI_SCALE=2`, which WebKitGTK applies as page zoom,
/// not a CSS font size): every wizard step folds into half the CSS width and keeps its primary
/// action in view at the default and the minimum window size, the status screen at the default. No
/// WebDriver screenshot: it hangs at this scale.
#[tokio::test(flavor = "multi_thread")]
async fn at_200_percent_desktop_text_the_layout_folds_and_next_stays_in_view() {
    check_prerequisites();
    let world = World::new("dpi2").await;
    let app = App::launch_with(&world, "dpi2", &[("GDK_DPI_SCALE", "2")]).await;
    for (i, (shot, heading)) in STEPS.iter().enumerate() {
        app.wait_text("h1", heading, LONG).await;
        check_dpi2(&app, shot, &[DEFAULT, MINIMUM]).await;
        if i + 1 < STEPS.len() {
            app.click_button("Next").await;
        }
    }
    // WebDriver's pointer lands off target under page zoom: buttons by script, the queue by keys.
    app.type_into("#integration-code", &world.code).await;
    app.type_into("#username", &world.username).await;
    app.type_into("#secret", &world.secret).await;
    next_until(&app, "Test").await;
    click_by_script(&app, tid::RUN_TEST).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::TEST_SUCCESS),
        LONG,
    )
    .await;
    check_dpi2(&app, "04-test", &[DEFAULT, MINIMUM]).await;
    next_until(&app, "Ticket defaults").await;
    app.type_into("#queue", "Level I").await;
    app.press(&[key::DOWN, key::UP, key::ENTER], None).await;
    app.wait_js(
        "return document.getElementById('queue').value.endsWith('(29682833)')",
        LONG,
    )
    .await;
    check_dpi2(&app, "05-ticket-defaults", &[DEFAULT, MINIMUM]).await;
    next_until(&app, "Save").await;
    check_dpi2(&app, "06-save", &[DEFAULT, MINIMUM]).await;
    click_by_script(&app, tid::SAVE).await;
    app.wait_js(
        &format!("return !!document.querySelector('{}')", tid::STATUS_SCREEN),
        LONG,
    )
    .await;
    // The status screen at the default size (its actions come before the facts). At the minimum
    // size this scale leaves 320×280 CSS px, where the saved message and the demo's endpoint
    // banner come first.
    check_dpi2(&app, "07-status", &[DEFAULT]).await;
    app.close().await;
}

/// The UI is one index.html with its script and styles inline (ui/vite.config.ts): under the
/// shipped CSP that script runs (Tauri adds its hash), the styles apply ('unsafe-inline' in
/// style-src, no nonce to switch it off), and any other inline script is still refused.
#[tokio::test(flavor = "multi_thread")]
async fn the_inline_ui_runs_under_a_csp_that_refuses_other_inline_script() {
    check_prerequisites();
    let world = World::new("inline ui and csp").await;
    let app = App::launch(&world, "csp").await;
    app.wait_text("h1", STEPS[0].1, LONG).await;
    let page = app
        .js("const injected = document.createElement('script');
             injected.textContent = 'window.__injected = true';
             document.head.appendChild(injected);
             return {
               injected: window.__injected === true,
               inlineScripts: document.querySelectorAll('script:not([src])').length,
               files: document.querySelectorAll('script[src], link[rel=stylesheet]').length,
               styled: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
             };")
        .await;
    assert_eq!(
        page["injected"], false,
        "an injected inline script ran: {page}"
    );
    // The app's own script (the one that drew the heading above) plus the injected one.
    assert_eq!(page["inlineScripts"], 2, "{page}");
    assert_eq!(
        page["files"], 0,
        "the UI fetches no script or stylesheet: {page}"
    );
    assert_eq!(
        page["styled"], "#f6f7f9",
        "the inline stylesheet applies: {page}"
    );
    app.close().await;
}

/// A link goes to the system browser (`xdg-open` here, a stand-in on `PATH` that notes what it
/// was given) with the checked address, and the window stays on the app.
#[tokio::test(flavor = "multi_thread")]
async fn a_link_opens_in_the_system_browser_and_the_window_stays() {
    use std::os::unix::fs::PermissionsExt;
    check_prerequisites();
    let world = World::new("external link").await;
    let bin = world.home.path().join("bin");
    let opened = world.home.path().join("opened.txt");
    std::fs::create_dir_all(&bin).unwrap();
    let browser = bin.join("xdg-open");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
        opened.display()
    );
    std::fs::write(&browser, script).unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let app = App::launch_with(&world, "link", &[("PATH", &path)]).await;
    app.wait_text("h1", STEPS[0].1, LONG).await;
    app.click_button("Next").await;
    app.wait_text("h1", STEPS[1].1, LONG).await;
    let page = app.js("return location.href").await;
    app.click("a[href='https://ww1.autotask.net/']").await;
    let deadline = std::time::Instant::now() + LONG;
    while !opened.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let given = std::fs::read_to_string(&opened).unwrap_or_default();
    assert_eq!(
        given, "https://ww1.autotask.net/\n",
        "what the browser was given"
    );
    assert_eq!(
        app.js("return location.href").await,
        page,
        "the window stays on the app"
    );
    let no_error = format!(
        "return document.querySelector('{}') === null",
        tid::LINK_ERROR
    );
    assert_eq!(app.js(&no_error).await, true, "no error under the link");
    app.close().await;
}
