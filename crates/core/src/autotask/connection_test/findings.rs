//! Step 4: reading the parallel answers into checks: permissions, usage, the lists.

use serde_json::Value;

use super::fan_out::Answers;
use super::permissions::{judge, REQUIRED};
use super::report::{CheckId, CheckStatus, TestEvent, Usage};
use super::run::Run;
use crate::autotask::ticket_defaults::TicketOptions;
use crate::autotask::ApiError;
use crate::error::ToIpcError;

/// Reports each permission; returns what is missing ("read Contracts", …).
pub fn permissions<F: Fn(TestEvent)>(answers: &Answers, run: &mut Run<'_, F>) -> Vec<String> {
    let mut missing = Vec::new();
    for r in REQUIRED {
        let verdict = judge(r, answers.info(r.entity));
        if verdict.missing() {
            missing.push(format!("{} {}", r.access.verb(), r.entity.label()));
        }
        run.set(r.check, verdict.status, verdict.message);
        run.report.permissions.push(verdict.result);
    }
    missing
}

pub fn usage<F: Fn(TestEvent)>(answer: &Result<Value, ApiError>, run: &mut Run<'_, F>) {
    let u = match answer {
        Ok(u) => u,
        Err(e) => {
            let message = format!("Could not read API usage: {}", e.to_ipc().message);
            return run.set(CheckId::Usage, CheckStatus::Warn, message);
        }
    };
    let n = |k: &str| u.get(k).and_then(Value::as_u64);
    let usage = Usage {
        used: n("currentTimeframeRequestCount").unwrap_or(0),
        limit: n("externalRequestThreshold").unwrap_or(10_000),
        window_minutes: n("requestThresholdTimeframe").unwrap_or(60),
    };
    let share = usage.used as f64 / usage.limit.max(1) as f64;
    let message = format!(
        "{} of {} requests in the last {} minutes",
        usage.used, usage.limit, usage.window_minutes
    );
    // Autotask slows every request down from 50% of the threshold on.
    let status = if share >= 0.5 {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    run.set(CheckId::Usage, status, message);
    run.report.usage = Some(usage);
}

pub fn ticket_options<F: Fn(TestEvent)>(
    answer: Result<TicketOptions, ApiError>,
    run: &mut Run<'_, F>,
) -> Option<TicketOptions> {
    match answer {
        Ok(o) => {
            // The required lists' sizes: "5 queues, 12 categories".
            let required = o.lists.iter().filter(|(spec, _)| spec.required);
            let counts: Vec<String> = required
                .map(|(spec, list)| format!("{} {}", list.choices.len(), spec.list_key))
                .collect();
            let message = counts.join(", ");
            run.set(CheckId::TicketOptions, CheckStatus::Pass, message);
            Some(o)
        }
        Err(e) => {
            let message = format!(
                "Could not load the lists: {} You can still type IDs.",
                e.to_ipc().message
            );
            run.set(CheckId::TicketOptions, CheckStatus::Warn, message);
            None
        }
    }
}
