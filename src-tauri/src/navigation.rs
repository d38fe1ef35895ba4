//! The webview may only show the app's own pages: any navigation elsewhere (a link without
//! the opener, a redirect, injected script) is refused; links go through `open_url`.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// The origins the bundled UI is served from: `tauri://localhost` (Linux, macOS),
/// `http(s)://tauri.localhost` (Windows), Vite's dev server only in debug builds.
pub fn is_app_page(url: &Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost")) => cfg!(debug_assertions) && url.port() == Some(5173),
        _ => false,
    }
}

pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let allowed = is_app_page(url);
            if !allowed {
                tracing::warn!(host = url.host_str().unwrap_or(""), "navigation refused");
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_origin_is_shown() {
        let page = |u: &str| is_app_page(&Url::parse(u).unwrap());
        assert!(page("tauri://localhost/index.html"));
        assert!(page("http://tauri.localhost/"));
        assert!(!page("https://ww15.autotask.net/"));
        assert!(!page("https://evil.example/tauri.localhost"));
        assert!(!page("http://localhost:8080/"));
        assert!(!page("file:///etc/passwd"));
    }
}
