//! The UI's `data-testid`s as CSS selectors (`RUN_TEST` selects `run-test`), generated
//! by build.rs from `ui/src/lib/test-ids.json`, the list the UI's Vitest suite checks the
//! components against. Tests name ids only through these (the Vitest suite rejects raw ones here).

include!(concat!(env!("OUT_DIR"), "/test_ids.rs"));
