//! Memory levers for the webview (measured one by one in docs/benchmarks.md). The setup
//! window is a small single-page app: it needs no page cache, no big resource cache, no WebGL,
//! media, plugins or spell-checking.
//!
//! For the benchmark, `VECTIS_WEBVIEW_LEVERS` (honoured only with a custom endpoint, see
//! `Config`) names the levers to pull: `none`, `all`, or a comma list of `cache`, `pagecache`,
//! `features`, `software`, `jit`.

use tauri::{Runtime, WebviewWindow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levers {
    /// WebKit's document-viewer cache model: the smallest memory and disk caches.
    pub cache: bool,
    /// No back/forward page cache (the app never navigates).
    pub page_cache: bool,
    /// WebGL, WebAudio, media, media streams, HTML5 databases and spell-checking off.
    pub features: bool,
    /// Never hardware-accelerate compositing (saves GPU buffers; a form renders fine without).
    pub software: bool,
    /// JavaScriptCore's optimising tiers (DFG, FTL) off, its interpreter and baseline JIT kept:
    /// their compiler threads cost the web process CPU at start and memory after a Test, and a
    /// form's short-lived code never runs long enough to repay them.
    pub jit: bool,
}

impl Levers {
    pub const ALL: Self = Self {
        cache: true,
        page_cache: true,
        features: true,
        software: false,
        jit: true,
    };

    /// The levers `spec` names (the benchmark's switch); the kept set when absent.
    pub fn parse(spec: Option<&str>) -> Self {
        let Some(spec) = spec else { return Self::ALL };
        let has = |name: &str| spec == "all" || spec.split(',').any(|s| s.trim() == name);
        Self {
            cache: has("cache"),
            page_cache: has("pagecache"),
            features: has("features"),
            software: has("software"),
            jit: has("jit"),
        }
    }

    /// What the web process's environment must hold for these levers (WebKitGTK only).
    pub fn environment(self) -> &'static [(&'static str, &'static str)] {
        const NO_OPTIMISING_JIT: &[(&str, &str)] =
            &[("JSC_useDFGJIT", "false"), ("JSC_useFTLJIT", "false")];
        if self.jit && cfg!(target_os = "linux") {
            NO_OPTIMISING_JIT
        } else {
            &[]
        }
    }
}

/// Sets the environment the levers need, which WebKit's web process inherits from ours. Call it
/// before the first webview and while the process has one thread (setting a variable races with
/// other threads reading theirs). A variable the admin set already is left as it is.
pub fn before_webview(levers: Levers) {
    for (name, value) in levers.environment() {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Applies the levers to the main window's webview.
pub fn apply<R: Runtime>(window: &WebviewWindow<R>, levers: Levers) {
    let applied = window.with_webview(move |webview| platform::apply(webview, levers));
    if let Err(e) = applied {
        tracing::warn!("webview settings not applied: {e}");
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use super::Levers;
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    pub fn apply(webview: tauri::webview::PlatformWebview, levers: Levers) {
        let view = webview.inner();
        if let (true, Some(context)) = (levers.cache, view.context()) {
            context.set_cache_model(CacheModel::DocumentViewer);
            context.set_spell_checking_enabled(!levers.features);
        }
        let Some(settings) = WebViewExt::settings(&view) else {
            return;
        };
        if levers.page_cache {
            settings.set_enable_page_cache(false);
        }
        if levers.features {
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            settings.set_enable_media(false);
            settings.set_enable_media_stream(false);
            settings.set_enable_html5_database(false);
            settings.set_enable_offline_web_application_cache(false);
        }
        if levers.software {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    }
}

#[cfg(windows)]
mod platform {
    use super::Levers;

    /// WebView2 lowers its memory use while the window is idle; see `set_idle`.
    pub fn apply(_webview: tauri::webview::PlatformWebview, _levers: Levers) {}

    /// Low memory target while the window is in the background, normal when in use.
    #[allow(unsafe_code)]
    pub fn set_idle(webview: tauri::webview::PlatformWebview, idle: bool) {
        use webview2_com::Microsoft::Web::WebView2::Win32::{
            ICoreWebView2_19, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW,
            COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
        };
        use windows_core::Interface;
        let level = if idle {
            COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW
        } else {
            COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL
        };
        // SAFETY: COM calls on the webview's own controller, on the thread Tauri calls us on;
        // an older runtime without ICoreWebView2_19 just fails the cast.
        unsafe {
            if let Ok(view) = webview.controller().CoreWebView2() {
                if let Ok(view) = view.cast::<ICoreWebView2_19>() {
                    let _ = view.SetMemoryUsageTargetLevel(level);
                }
            }
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod platform {
    use super::Levers;

    /// WKWebView has no comparable public settings; macOS manages its memory itself.
    pub fn apply(_webview: tauri::webview::PlatformWebview, _levers: Levers) {}
}

/// Windows: tell WebView2 when the window is in the background (low memory target).
pub fn on_focus_change<R: Runtime>(window: &tauri::Window<R>, focused: bool) {
    #[cfg(windows)]
    {
        use tauri::Manager;
        if let Some(webview) = window.get_webview_window(crate::main_window::LABEL) {
            let _ = webview.with_webview(move |w| platform::set_idle(w, !focused));
        }
    }
    #[cfg(not(windows))]
    let _ = (window, focused);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_switch_names_levers() {
        assert_eq!(Levers::parse(None), Levers::ALL);
        let none = Levers::parse(Some("none"));
        assert!(!none.cache && !none.page_cache && !none.features && !none.software && !none.jit);
        let some = Levers::parse(Some("cache, software"));
        assert!(some.cache && some.software && !some.page_cache);
        assert!(Levers::parse(Some("all")).software);
        assert!(Levers::parse(Some("jit")).jit && Levers::ALL.jit);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_jit_lever_turns_javascriptcores_optimising_tiers_off_in_the_web_process() {
        let env = Levers::ALL.environment();
        assert!(env.contains(&("JSC_useDFGJIT", "false")));
        assert!(env.contains(&("JSC_useFTLJIT", "false")));
        assert!(Levers::parse(Some("cache,pagecache,features"))
            .environment()
            .is_empty());
    }
}
