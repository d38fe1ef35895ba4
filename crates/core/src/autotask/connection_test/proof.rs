//! Reads proven by doing: `entityInformation` only claims a read, so each required read also
//! runs the cheapest real query (one row at most). A refused query fails the row with
//! Autotask's own text (it may name another entity); a read that works but finds nothing where
//! records must exist is the Line of Business blind spot, a warning.

use serde_json::Value;

use super::permissions::{Proof, Requirement, Verdict};
use super::report::{CheckStatus, Warning, WarningCode};
use crate::autotask::ApiError;
use crate::error::ToIpcError;

pub const LINE_OF_BUSINESS_FIX: &str = "In Autotask, open the API user (Admin → Resources/Users), tab Line of Business, and associate it with every Line of Business (or tick \"all\"); records tied to a Line of Business the API user lacks are invisible to it. Then test again.";

/// The rows a query answer holds (`{"items": [...]}`).
pub fn rows(answer: &Value) -> usize {
    answer
        .get("items")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// `verdict` (from the metadata) checked against the query that tried the read. `None`: no
/// query ran (a create, or a read the metadata already refused).
pub fn prove(
    r: &Requirement,
    mut verdict: Verdict,
    probe: Option<&Result<Value, ApiError>>,
) -> (Verdict, Option<Warning>) {
    let Some(probe) = probe.filter(|_| verdict.result.granted) else {
        return (verdict, None);
    };
    verdict.result.proof = Proof::Query;
    let label = r.entity.label();
    match probe {
        Err(e @ ApiError::PermissionDenied { said, .. }) => {
            let ipc = e.to_ipc();
            let said = if said.is_empty() { &ipc.message } else { said };
            verdict.status = CheckStatus::Fail;
            verdict.message = format!(
                "Refused: the security level allows reading {label}, but Autotask refused the query: \u{201c}{said}\u{201d}"
            );
            verdict.result.granted = false;
            verdict.result.fix = Some(ipc.remediation);
        }
        Err(e) => {
            // Not a refusal (a timeout, a server error): the read is unproven, not missing.
            verdict.status = verdict.status.max_warn();
            verdict.message = format!(
                "{} (the query could not prove it: {})",
                verdict.message,
                e.to_ipc().message
            );
        }
        Ok(answer) if rows(answer) == 0 && r.expects_rows => {
            let message = format!("A query for {label} found none where there should be some: the API user may lack a Line of Business.");
            verdict.status = verdict.status.max_warn();
            verdict.message = message.clone();
            let warning = Warning {
                code: WarningCode::LineOfBusiness,
                message,
                remediation: LINE_OF_BUSINESS_FIX.into(),
            };
            return (verdict, Some(warning));
        }
        Ok(answer) => {
            if verdict.status == CheckStatus::Pass {
                verdict.message = match rows(answer) {
                    0 => "Granted (a query ran; there are none yet)".into(),
                    _ => "Granted (a query read a record)".into(),
                };
            }
        }
    }
    (verdict, None)
}
