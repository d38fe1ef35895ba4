//! Assertions on a Test's report that show the whole report (its "Copy details" text) when they
//! fail, instead of `left: false, right: true`.

use vectis_core::autotask::connection_test::{details, TestReport};
use vectis_core::error::ErrorCode;

#[track_caller]
pub fn assert_passed(report: &TestReport) {
    assert!(
        report.ok,
        "expected the Test to pass; it failed:\n{}",
        details(report)
    );
}

#[track_caller]
pub fn assert_failed(report: &TestReport) {
    assert!(
        !report.ok,
        "expected the Test to fail; it passed:\n{}",
        details(report)
    );
}

/// The report's error has `code` (whether or not the Test passed otherwise).
#[track_caller]
pub fn assert_error(report: &TestReport, code: ErrorCode) {
    let got = report.error.as_ref().map(|e| e.code);
    assert!(
        got == Some(code),
        "expected the error {code:?}, got {got:?}:\n{}",
        details(report)
    );
}
