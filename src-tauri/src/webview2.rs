//! WebView2 missing, said plainly. On Windows the window is Microsoft's WebView2 Runtime; without
//! it Tauri panics while creating the window and the process vanishes with nothing on screen. So
//! `run_window` asks the loader first and, when the runtime is missing or unusable, shows a native
//! message box, logs the same text and exits with [`EXIT_WEBVIEW2_MISSING`]. The decision and the
//! text are plain functions, tested everywhere; only the two Win32-facing lines are Windows-only.
#![cfg_attr(not(windows), allow(dead_code))]

/// The exit code when the WebView2 Runtime is missing or unusable (README, docs/deploy.md).
/// Not 3: that is what a C `abort()` returns on Windows.
pub const EXIT_WEBVIEW2_MISSING: i32 = 4;

/// Microsoft's page for the Evergreen WebView2 Runtime (bootstrapper and standalone installers).
pub const DOWNLOAD_URL: &str = "https://developer.microsoft.com/microsoft-edge/webview2/";

/// The message box's title; `.ci/windows` finds the box by it.
pub const TITLE: &str = "Vectis Autotask Setup: WebView2 Runtime needed";

/// What is wrong, given the loader's answer (a version string or its error); `None` when the
/// runtime is usable. Older loaders answer an empty version instead of an error. The box names
/// only the error's code (the log has the whole error).
pub fn problem(answer: Result<String, String>) -> Option<String> {
    match answer {
        Ok(version) if !version.trim().is_empty() => None,
        Ok(_) => Some("the Microsoft Edge WebView2 Runtime is not installed".into()),
        Err(e) => Some(match error_code(&e) {
            Some(code) => {
                format!("the Microsoft Edge WebView2 Runtime is missing or unusable (error {code})")
            }
            None => "the Microsoft Edge WebView2 Runtime is missing or unusable".into(),
        }),
    }
}

/// The first `0x…` hex code in an error's text, e.g. the HRESULT `0x80070002` (file not found).
fn error_code(text: &str) -> Option<&str> {
    let start = text.find("0x")?;
    let digits = text[start + 2..]
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(text.len() - start - 2);
    (digits > 0).then(|| &text[start..start + 2 + digits])
}

/// The message box's text: what is wrong, where to get the runtime, and what works without it.
pub fn message(problem: &str) -> String {
    format!(
        "Vectis Autotask Setup cannot open its window: {problem}.\n\n\
         Install the Evergreen WebView2 Runtime from Microsoft (Windows 11 includes it):\n\
         {DOWNLOAD_URL}\n\n\
         The console program vectis-setup-cli.exe, in the same folder as this app, works \
         without WebView2 (connect, check, status, defaults)."
    )
}

/// Checks for the runtime before any window exists; on a problem, logs it, shows the box
/// (until the admin dismisses it) and returns the exit code.
#[cfg(windows)]
pub fn ensure_runtime() -> Result<(), i32> {
    let answer = tauri::webview_version().map_err(|e| e.to_string());
    let detail = answer.as_ref().err().cloned().unwrap_or_default();
    let Some(problem) = problem(answer) else {
        return Ok(());
    };
    let text = message(&problem);
    tracing::error!(
        exit_code = EXIT_WEBVIEW2_MISSING,
        detail,
        "WebView2 Runtime missing: {}",
        text.replace('\n', " ")
    );
    show_error_box(&text);
    Err(EXIT_WEBVIEW2_MISSING)
}

#[cfg(windows)]
#[allow(unsafe_code)]
fn show_error_box(text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        MessageBoxW, MB_ICONERROR, MB_OK, MB_SETFOREGROUND,
    };
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide(TITLE));
    // SAFETY: both buffers are NUL-terminated UTF-16 and outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONERROR | MB_SETFOREGROUND,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_means_usable() {
        assert_eq!(problem(Ok("131.0.2903.70".into())), None);
    }

    #[test]
    fn an_error_or_an_empty_version_is_a_problem() {
        let loader = r#"WebView2 error: WindowsError(Error { code: HRESULT(0x80070002), message: "File not found." })"#;
        assert_eq!(
            problem(Err(loader.into())).unwrap(),
            "the Microsoft Edge WebView2 Runtime is missing or unusable (error 0x80070002)"
        );
        assert!(!problem(Err("no code".into())).unwrap().contains("error"));
        assert_eq!(error_code("ends with 0x1f"), Some("0x1f"));
        assert_eq!(error_code("0x"), None);
        assert!(problem(Ok(String::new()))
            .unwrap()
            .contains("not installed"));
        assert!(problem(Ok("  ".into())).is_some());
    }

    #[test]
    fn the_message_names_the_runtime_where_to_get_it_and_the_cli() {
        let text = message("the Microsoft Edge WebView2 Runtime is not installed");
        assert!(text.contains("WebView2 Runtime"));
        assert!(text.contains("Evergreen"));
        assert!(text.contains(DOWNLOAD_URL));
        assert!(text.contains("vectis-setup-cli.exe"));
        assert!(TITLE.contains("WebView2 Runtime"));
    }

    #[test]
    fn the_exit_code_is_distinct_from_a_start_failure_and_an_abort() {
        assert!(![0, 1, 3, 101].contains(&EXIT_WEBVIEW2_MISSING));
    }
}
