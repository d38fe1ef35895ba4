//! Debug aid: opens one mock screen in Chromium and prints what sticks out to the right.
//! `cargo run -p vectis-e2e --example chromium_probe -- 04-test 920 720 200%`
use vectis_e2e::{Chromium, MockUi, Theme};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let screen = args.first().map_or("01-what-you-need", String::as_str);
    let w = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(920);
    let h = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(720);
    let ui = MockUi::serve().await;
    let page = Chromium::launch(Theme::Light).await;
    page.viewport(w, h).await;
    page.open(&ui, screen).await;
    if let Some(size) = args.get(3) {
        page.js(&format!(
            "document.documentElement.style.fontSize = {size:?}; return true"
        ))
        .await;
    }
    let script = "const vw = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > vw + 1).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')";
    println!("{}", page.js(script).await.as_str().unwrap_or(""));
    page.close().await;
}
