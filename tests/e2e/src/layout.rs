//! What every screen must hold at every size, in either engine: no horizontal scrolling, nothing
//! cut off, and the step's primary button in view without scrolling.

use serde_json::Value;

use crate::WebDriver;

/// Measured in the page: overflow, clipped elements, and where the primary button sits.
const MEASURE: &str = r#"
const root = document.documentElement;
const vw = root.clientWidth, vh = window.innerHeight;
// Visually hidden on purpose (kept for screen readers): inside a 1-px clipped box.
const hiddenBox = (e) => { for (let p = e; p; p = p.parentElement) { const s = getComputedStyle(p); if (s.clip === 'rect(0px, 0px, 0px, 0px)' || (s.overflow === 'hidden' && p.clientWidth <= 1)) return true; } return false; };
const visible = (e) => { const s = getComputedStyle(e); const r = e.getBoundingClientRect(); return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1 && !e.closest('.sr-only, [hidden]') && !hiddenBox(e); };
const clipped = [];
for (const e of document.querySelectorAll('body *')) {
  if (!visible(e) || e.closest('[role=listbox]')) continue;
  const r = e.getBoundingClientRect();
  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
  if (r.right > vw + 1 || r.left < -1) clipped.push('outside the window (' + Math.round(r.left) + '..' + Math.round(r.right) + '): ' + name);
  const s = getComputedStyle(e);
  const cuts = s.overflowX !== 'visible' && !['INPUT', 'TEXTAREA', 'SELECT', 'HTML', 'BODY'].includes(e.tagName);
  if (cuts && e.scrollWidth > e.clientWidth + 1) clipped.push('cut off: ' + name);
}
const nav = document.querySelector('.nav button.primary');
const primary = nav && visible(nav) ? nav : [...document.querySelectorAll('button.primary')].find(visible);
const r = primary ? primary.getBoundingClientRect() : null;
return {
  scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
  clipped,
  primary: primary ? primary.textContent.trim() : null,
  primaryInView: !!r && r.top >= 0 && r.bottom <= vh && r.left >= 0 && r.right <= vw,
  dark: matchMedia('(prefers-color-scheme: dark)').matches,
};
"#;

#[derive(Debug)]
pub struct LayoutReport {
    pub scroll_width: i64,
    pub client_width: i64,
    pub clipped: Vec<String>,
    pub primary: Option<String>,
    pub primary_in_view: bool,
    pub dark: bool,
}

pub async fn check_layout(page: &WebDriver) -> LayoutReport {
    let v: Value = page.js(MEASURE).await;
    LayoutReport {
        scroll_width: v["scrollWidth"].as_i64().unwrap_or(i64::MAX),
        client_width: v["clientWidth"].as_i64().unwrap_or(0),
        clipped: v["clipped"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        primary: v["primary"].as_str().map(String::from),
        primary_in_view: v["primaryInView"] == Value::Bool(true),
        dark: v["dark"] == Value::Bool(true),
    }
}

impl LayoutReport {
    /// Panics naming the screen when the page scrolls sideways or cuts something off.
    pub fn assert_fits(&self, screen: &str) {
        assert!(
            self.scroll_width <= self.client_width,
            "{screen}: horizontal scrolling (scrollWidth {} > clientWidth {})",
            self.scroll_width,
            self.client_width
        );
        assert!(self.clipped.is_empty(), "{screen}: {:?}", self.clipped);
    }

    /// Panics unless the screen's primary button is fully in view.
    pub fn assert_primary_in_view(&self, screen: &str) {
        assert!(
            self.primary_in_view,
            "{screen}: the primary button {:?} is not in view without scrolling",
            self.primary
        );
    }
}
