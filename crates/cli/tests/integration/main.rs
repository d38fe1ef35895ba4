//! vectis-cli's integration tests, one binary (one link): a module per concern. What they
//! share with the core's tests comes from `vectis-test-support`; `support` runs the real binary.
//! The spawned tests need a Secret Service (run through `.ci/session`).

mod bad_args;
mod cli;
mod diagnose;
mod fleet;
mod golden;
mod policy;
mod rotation;
mod shell;
mod support;
