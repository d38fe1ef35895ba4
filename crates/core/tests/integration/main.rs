//! vectis-core's integration tests, one binary (one link) for them all: a module per concern.
//! What the tests share comes from `vectis-test-support`. Three suites keep binaries of their
//! own because they change or capture the process they run in: `hardening`, `trust` and
//! `log_capture`.
//! Needs a Secret Service for `keychain` and `two_processes` (run through `.ci/session`).

mod bad_input;
mod breaker;
mod captured_answers;
mod connection;
mod keychain;
mod least_privilege;
mod real_service;
mod secret_life;
mod service;
mod support_bundle;
mod two_processes;
mod wire_replay;
