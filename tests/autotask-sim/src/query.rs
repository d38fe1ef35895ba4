//! Autotask's query language: `{"filter":[...], "maxRecords", "includeFields"}`.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Keys are case-insensitive on the wire (`MaxRecords` and `maxRecords` both work).
fn get_ci<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub filter: Vec<Value>,
    pub max_records: usize,
    pub include_fields: Vec<String>,
}

pub const PAGE_SIZE: usize = 500;

impl Query {
    /// Parses a query body. Errors carry Autotask-style messages.
    pub fn parse(body: &Value) -> Result<Self, String> {
        let object = body.as_object().ok_or_else(|| {
            "Unable to parse the query: the body is not a JSON object.".to_string()
        })?;
        let filter = match get_ci(object, "filter") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err("Unable to parse the query: filter must be an array.".into()),
        };
        if filter.is_empty() {
            return Err("A query must contain at least one filter.".into());
        }
        for item in &filter {
            validate_filter(item)?;
        }
        let max_records = match get_ci(object, "maxRecords") {
            Some(Value::Number(n)) => {
                let n = n.as_u64().unwrap_or(0) as usize;
                if !(1..=PAGE_SIZE).contains(&n) {
                    return Err("MaxRecords must be between 1 and 500.".into());
                }
                n
            }
            _ => PAGE_SIZE,
        };
        let include_fields = match get_ci(object, "includeFields") {
            Some(Value::Array(fields)) => fields
                .iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Self {
            filter,
            max_records,
            include_fields,
        })
    }

    pub fn matches(&self, item: &Value) -> bool {
        self.filter.iter().all(|f| matches_filter(f, item))
    }

    /// Applies `includeFields`: only the listed fields come back, the others are absent.
    pub fn project(&self, item: &Value) -> Value {
        if self.include_fields.is_empty() {
            return item.clone();
        }
        let Some(object) = item.as_object() else {
            return item.clone();
        };
        let kept = object
            .iter()
            .filter(|(k, _)| {
                self.include_fields
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(k))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Value::Object(kept)
    }
}

const OPERATORS: &[&str] = &[
    "eq",
    "noteq",
    "gt",
    "gte",
    "lt",
    "lte",
    "beginsWith",
    "endsWith",
    "contains",
    "exist",
    "notExist",
    "in",
    "notIn",
    "and",
    "or",
];

fn validate_filter(filter: &Value) -> Result<(), String> {
    let object = filter
        .as_object()
        .ok_or_else(|| "Unable to parse the query: a filter must be an object.".to_string())?;
    let op = get_ci(object, "op").and_then(Value::as_str).unwrap_or("");
    if !OPERATORS.iter().any(|o| o.eq_ignore_ascii_case(op)) {
        return Err(format!("Invalid filter operator: {op}"));
    }
    if op.eq_ignore_ascii_case("and") || op.eq_ignore_ascii_case("or") {
        let items = get_ci(object, "items").and_then(Value::as_array);
        match items {
            Some(items) if !items.is_empty() => items.iter().try_for_each(validate_filter),
            _ => Err(format!("The {op} filter requires items.")),
        }
    } else if get_ci(object, "field").and_then(Value::as_str).is_none() {
        Err(format!("The {op} filter requires a field."))
    } else {
        Ok(())
    }
}

fn matches_filter(filter: &Value, item: &Value) -> bool {
    let Some(object) = filter.as_object() else {
        return false;
    };
    let op = get_ci(object, "op")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    if op == "and" || op == "or" {
        let items = get_ci(object, "items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        return if op == "and" {
            items.iter().all(|f| matches_filter(f, item))
        } else {
            items.iter().any(|f| matches_filter(f, item))
        };
    }
    let field = get_ci(object, "field")
        .and_then(Value::as_str)
        .unwrap_or("");
    let wanted = get_ci(object, "value").cloned().unwrap_or(Value::Null);
    let actual = item
        .as_object()
        .and_then(|o| get_ci(o, field))
        .cloned()
        .unwrap_or(Value::Null);
    match op.as_str() {
        "exist" => !actual.is_null(),
        "notexist" => actual.is_null(),
        "eq" => compare(&actual, &wanted) == Some(Ordering::Equal),
        "noteq" => compare(&actual, &wanted) != Some(Ordering::Equal),
        "gt" => compare(&actual, &wanted) == Some(Ordering::Greater),
        "gte" => matches!(
            compare(&actual, &wanted),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        "lt" => compare(&actual, &wanted) == Some(Ordering::Less),
        "lte" => matches!(
            compare(&actual, &wanted),
            Some(Ordering::Less | Ordering::Equal)
        ),
        "beginswith" => text(&actual).starts_with(&text(&wanted)),
        "endswith" => text(&actual).ends_with(&text(&wanted)),
        "contains" => text(&actual).contains(&text(&wanted)),
        "in" | "notin" => {
            let found = wanted.as_array().is_some_and(|list| {
                list.iter()
                    .any(|w| compare(&actual, w) == Some(Ordering::Equal))
            });
            found == (op == "in")
        }
        _ => false,
    }
}

/// String comparisons are case-insensitive, as in Autotask's SQL collation.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_lowercase(),
        Value::Null => String::new(),
        other => other.to_string().to_lowercase(),
    }
}

fn compare(actual: &Value, wanted: &Value) -> Option<Ordering> {
    match (actual, wanted) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Number(a), w) => {
            let b = match w {
                Value::Number(b) => b.as_f64()?,
                Value::String(s) => s.trim().parse::<f64>().ok()?,
                _ => return None,
            };
            a.as_f64()?.partial_cmp(&b)
        }
        (Value::String(a), Value::Number(b)) => {
            a.trim().parse::<f64>().ok()?.partial_cmp(&b.as_f64()?)
        }
        (a, b) => Some(text(a).cmp(&text(b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(body: Value) -> Query {
        Query::parse(&body).unwrap()
    }

    #[test]
    fn a_query_without_a_filter_is_refused() {
        assert!(Query::parse(&json!({}))
            .unwrap_err()
            .contains("at least one filter"));
        assert!(Query::parse(&json!({"filter": []})).is_err());
    }

    #[test]
    fn operators_and_groups_match_like_autotask() {
        let item = json!({"id": 7, "name": "Level I Support", "isActive": true, "parent": null});
        let cases = [
            (json!({"op":"eq","field":"ID","value":7}), true),
            (json!({"op":"eq","field":"id","value":"7"}), true),
            (json!({"op":"noteq","field":"id","value":7}), false),
            (json!({"op":"gt","field":"id","value":6}), true),
            (json!({"op":"gte","field":"id","value":7}), true),
            (json!({"op":"lt","field":"id","value":7}), false),
            (json!({"op":"lte","field":"id","value":7}), true),
            (
                json!({"op":"beginsWith","field":"name","value":"level"}),
                true,
            ),
            (
                json!({"op":"endsWith","field":"name","value":"SUPPORT"}),
                true,
            ),
            (
                json!({"op":"contains","field":"name","value":"I Sup"}),
                true,
            ),
            (json!({"op":"exist","field":"parent"}), false),
            (json!({"op":"notExist","field":"parent"}), true),
            (json!({"op":"in","field":"id","value":[1,7]}), true),
            (json!({"op":"notIn","field":"id","value":[1,7]}), false),
            (json!({"op":"eq","field":"isActive","value":true}), true),
            (
                json!({"op":"or","items":[{"op":"eq","field":"id","value":1},{"op":"eq","field":"id","value":7}]}),
                true,
            ),
            (
                json!({"op":"and","items":[{"op":"eq","field":"id","value":7},{"op":"eq","field":"isActive","value":false}]}),
                false,
            ),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                q(json!({"filter":[filter.clone()]})).matches(&item),
                expected,
                "{filter}"
            );
        }
    }

    #[test]
    fn max_records_and_include_fields_are_case_insensitive() {
        let query = q(
            json!({"Filter":[{"op":"gte","field":"id","value":0}],"MaxRecords":2,"IncludeFields":["ID"]}),
        );
        assert_eq!(query.max_records, 2);
        assert_eq!(query.project(&json!({"id":1,"name":"x"})), json!({"id":1}));
        assert!(Query::parse(
            &json!({"filter":[{"op":"gte","field":"id","value":0}],"maxRecords":501})
        )
        .is_err());
        assert!(Query::parse(&json!({"filter":[{"op":"like","field":"id","value":0}]})).is_err());
    }
}
