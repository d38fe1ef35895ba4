//! The built UI in Debian's headless Chromium (as WebView2 renders it on Windows), Tauri mocked from
//! the generated bindings: every screen captured light and dark, at the default size, the window's
//! minimum size and 200 % text, each checked by axe-core and for layout. Needs `ui/dist-mock`
//! (`npm run build:mock`), chromium and chromium-driver; see `.ci/chromium`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use vectis_e2e::{check_layout, screenshot_dir, Chromium, MockUi, Theme};

/// The window's default and minimum content size (src-tauri/tauri.conf.json).
const DEFAULT: (u32, u32) = (920, 720);
const MINIMUM: (u32, u32) = (640, 560);

const CHROMIUM_ONLY: [&str; 3] = [
    "11-settings-recovery",
    "12-found-secret",
    "14-status-rotation-due",
];

const AXE: &str = r#"
const done = arguments[0];
const load = () => new Promise((ok, fail) => {
  if (window.axe) return ok();
  const s = document.createElement('script'); s.src = '/axe.min.js'; s.onload = ok; s.onerror = fail; document.head.appendChild(s);
});
load().then(() => {
  const rules = {};
  for (const r of axe.getRules()) rules[r.ruleId] = { enabled: true };
  return axe.run(document, { rules, resultTypes: ['violations'] }).then((r) => ({ r, count: Object.keys(rules).length }));
}).then(({ r, count }) => done({
  engine: navigator.userAgent, axe: axe.version, rulesEnabled: count,
  darkScheme: matchMedia('(prefers-color-scheme: dark)').matches,
  violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })) })),
  incomplete: r.incomplete.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
  passes: r.passes.map((v) => v.id),
})).catch((e) => done({ error: String(e) }));
"#;

fn out_dir(sub: &str) -> PathBuf {
    let dir = screenshot_dir().join("chromium").join(sub);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screens(page: &Chromium, ui: &MockUi) -> Vec<String> {
    page.open(ui, "01-what-you-need").await;
    let list = page.js("return document.body.dataset.scenarios").await;
    list.as_str()
        .expect("the mock lists its scenarios")
        .split(' ')
        .map(String::from)
        .collect()
}

const fn is_wizard_step(screen: &str) -> bool {
    matches!(screen.as_bytes()[1], b'1'..=b'6') && screen.as_bytes()[0] == b'0'
}

/// Runs axe-core with every rule on and writes its results beside the screenshot; returns the serious ones.
async fn axe(page: &Chromium, dir: &std::path::Path, screen: &str) -> Vec<String> {
    let result: Value = page.js_async(AXE).await;
    assert!(
        result["error"].is_null(),
        "{screen}: axe failed: {}",
        result["error"]
    );
    std::fs::write(
        dir.join(format!("{screen}.axe.json")),
        serde_json::to_string_pretty(&result).unwrap(),
    )
    .unwrap();
    let violations = result["violations"].as_array().cloned().unwrap_or_default();
    violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{screen}: {} ({}) at {}", v["id"], v["impact"], v["nodes"]))
        .collect()
}

async fn every_screen_in(theme: Theme, sub: &str, forced_colors: bool) {
    let ui = MockUi::serve().await;
    let page = Chromium::launch(theme).await;
    if forced_colors {
        page.emulate_forced_colors().await;
    }
    page.viewport(DEFAULT.0, DEFAULT.1).await;
    let dir = out_dir(sub);
    let mut serious = Vec::new();
    for screen in screens(&page, &ui).await {
        page.open(&ui, &screen).await;
        let layout = check_layout(&page).await;
        assert_eq!(
            layout.dark,
            theme == Theme::Dark,
            "{screen}: prefers-color-scheme"
        );
        layout.assert_fits(&screen);
        if is_wizard_step(&screen) {
            layout.assert_primary_in_view(&screen);
        }
        if forced_colors {
            serious.extend(forced_colors_problems(&page, &screen).await);
        }
        std::fs::write(
            dir.join(format!("{screen}.png")),
            page.screenshot_png().await,
        )
        .unwrap();
        serious.extend(axe(&page, &dir, &screen).await);
    }
    page.close().await;
    assert!(
        serious.is_empty(),
        "serious or critical axe violations:\n{}",
        serious.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_light_passes_axe_and_fits() {
    every_screen_in(Theme::Light, "", false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_dark_follows_the_os_and_passes_axe() {
    every_screen_in(Theme::Dark, "dark", false).await;
}

/// What forced colours take away (backgrounds, shadows, author colours) must not take a state
/// with it: the current step, the picker's active option, check marks and the focus ring stay
/// visible against the system's Canvas. Returns the problems on the screen shown.
const FORCED_COLORS: &str = r#"
const problems = [];
if (!matchMedia('(forced-colors: active)').matches) problems.push('forced-colors is not active');
const probe = document.createElement('div'); probe.style.background = 'Canvas'; document.body.append(probe);
const canvas = getComputedStyle(probe).backgroundColor; probe.remove();
const shown = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const current = document.querySelector('.steps li.current .num');
if (shown(current) && getComputedStyle(current).backgroundColor === canvas)
  problems.push('the current step looks like the others (its marker is Canvas)');
const active = document.querySelector('[role=option].active');
if (shown(active) && getComputedStyle(active).backgroundColor === canvas)
  problems.push('the active option has no background of its own');
for (const icon of document.querySelectorAll('.check .icon'))
  if (!icon.textContent.trim() || getComputedStyle(icon).color === canvas) problems.push('a check mark is invisible');
const focused = document.activeElement;
// Headings that take focus programmatically (tabindex -1, for screen readers) show no ring by design.
if (focused && focused.tabIndex >= 0 && focused.matches(':focus-visible')) {
  const s = getComputedStyle(focused);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2 || s.outlineColor === canvas)
    problems.push(`no focus ring on ${focused.tagName}`);
}
return problems;
"#;

async fn forced_colors_problems(page: &Chromium, screen: &str) -> Vec<String> {
    let v = page.js(FORCED_COLORS).await;
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| format!("{screen} (forced colours): {p}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Windows High Contrast (forced colours, as WebView2 renders it): every screen, axe-core on
/// each, screenshots in `chromium/forced-colors/`.
#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_forced_colors_keeps_its_states_and_passes_axe() {
    every_screen_in(Theme::Dark, "forced-colors", true).await;
}

/// The states a screen at rest does not show: a picker open on its active option, and the focus
/// ring on a button reached with the keyboard, in forced colours.
#[tokio::test(flavor = "multi_thread")]
async fn forced_colors_keep_the_open_picker_and_the_focus_ring_visible() {
    let ui = MockUi::serve().await;
    let page = Chromium::launch(Theme::Dark).await;
    page.emulate_forced_colors().await;
    page.viewport(DEFAULT.0, DEFAULT.1).await;
    page.open(&ui, "05-ticket-defaults").await;
    page.click("[role=combobox]").await;
    page.wait_js(
        "return !!document.querySelector('[role=option].active')",
        std::time::Duration::from_secs(5),
    )
    .await;
    let mut problems = forced_colors_problems(&page, "picker open").await;
    let dir = out_dir("forced-colors");
    std::fs::write(
        dir.join("05-ticket-defaults-picker-open.png"),
        page.screenshot_png().await,
    )
    .unwrap();
    page.press(&[vectis_e2e::key::ESCAPE], None).await;
    page.press(&[vectis_e2e::key::TAB], None).await;
    problems.extend(forced_colors_problems(&page, "focus after Tab").await);
    let focused = page
        .js("return document.activeElement.matches(':focus-visible')")
        .await;
    assert_eq!(focused, true, "Tab moves keyboard focus");
    std::fs::write(
        dir.join("05-ticket-defaults-focus.png"),
        page.screenshot_png().await,
    )
    .unwrap();
    page.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// At the window's minimum size, and at the default size with text at 200 %: nothing cut off, no sideways scrolling.
#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_at_the_minimum_size_and_at_200_percent_text() {
    let ui = MockUi::serve().await;
    let page = Chromium::launch(Theme::Light).await;
    for (sub, (w, h), zoom) in [
        ("min", MINIMUM, false),
        ("zoom200", DEFAULT, true),
        ("min-zoom200", MINIMUM, true),
    ] {
        page.viewport(w, h).await;
        let dir = out_dir(sub);
        for screen in screens(&page, &ui).await {
            page.open(&ui, &screen).await;
            if zoom {
                // Text zoom: every size in the UI is in rem/em, so doubling the root font doubles all text.
                page.js("document.documentElement.style.fontSize = '200%'; return true")
                    .await;
                tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            }
            std::fs::write(
                dir.join(format!("{screen}.png")),
                page.screenshot_png().await,
            )
            .unwrap();
            let layout = check_layout(&page).await;
            layout.assert_fits(&format!("{sub}/{screen}"));
            if !zoom && is_wizard_step(&screen) {
                layout.assert_primary_in_view(&format!("{sub}/{screen}"));
            }
        }
    }
    page.close().await;
}

/// Neither engine forgets a screen: the mock's scenarios are exactly the WebKitGTK E2E screenshots.
#[tokio::test(flavor = "multi_thread")]
async fn the_chromium_screens_are_the_webkitgtk_screens() {
    let ui = MockUi::serve().await;
    let page = Chromium::launch(Theme::Light).await;
    let chromium: BTreeSet<String> = screens(&page, &ui).await.into_iter().collect();
    page.close().await;
    let mut webkit: BTreeSet<String> = std::fs::read_dir(screenshot_dir())
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".png")
                .map(String::from)
        })
        .collect();
    // The settings-recovery notice and the found-secret offer have no WebKitGTK scenario yet (the
    // real app must first be given an unreadable settings file, or a keychain entry without
    // settings), and the rotation reminder needs a secret 60 days old (the app has no clock
    // switch): the screens only Chromium shows, named here.
    webkit.extend(CHROMIUM_ONLY.iter().map(|s| s.to_string()));
    assert_eq!(
        chromium, webkit,
        "Chromium scenarios (ui/src/mock/scenarios.ts) vs WebKitGTK screenshots (docs/screenshots)"
    );
}
