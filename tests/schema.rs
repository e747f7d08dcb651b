//! `gongwen schema`: the plan format for editors, complete and kept in sync.

mod common;
use common::*;

fn schema() -> serde_json::Value {
    let out = gongwen(&repo(), &["schema"]);
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_str(&stdout(&out)).expect("the schema is JSON")
}

#[test]
fn the_schema_describes_every_field_and_refuses_unknown_ones() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["additionalProperties"], false);
    let top: Vec<&String> = s["properties"].as_object().unwrap().keys().collect();
    for key in [
        "document",
        "headings",
        "guiding_ideology",
        "principles",
        "organization",
        "priorities",
        "creation",
        "safeguards",
        "people",
        "fonts",
        "extends",
        "roster",
        "sections",
        "preamble",
        "templates",
    ] {
        assert!(top.iter().any(|k| *k == key), "{key} missing from {top:?}");
    }
    let defs = &s["$defs"];
    // Field descriptions come from the model's documentation.
    assert!(
        defs["Document"]["properties"]["date"]["description"]
            .as_str()
            .unwrap()
            .contains("成文日期")
    );
    assert_eq!(defs["Document"]["additionalProperties"], false);
    // Types the plan accepts in two forms say so.
    assert_eq!(defs["Post"]["oneOf"].as_array().unwrap().len(), 2);
    assert_eq!(defs["PersonRef"]["oneOf"].as_array().unwrap().len(), 2);
    let pattern = defs["Comparator"]["pattern"].as_str().unwrap();
    assert!(
        pattern.contains("达") && pattern.contains("以上") && pattern.contains('…'),
        "{pattern}"
    );
}

#[test]
fn the_committed_schema_is_the_current_one() {
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("plans/gongwen.schema.json")).unwrap()).unwrap();
    assert_eq!(
        committed,
        schema(),
        "regenerate with: gongwen schema > plans/gongwen.schema.json"
    );
}

#[test]
fn init_writes_the_schema_beside_the_plan_and_names_it_on_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(dir.path(), &["init", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = std::fs::read_to_string(dir.path().join("new.yaml")).unwrap();
    assert!(plan.starts_with("# yaml-language-server: $schema=gongwen.schema.json\n"));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("gongwen.schema.json")).unwrap()).unwrap();
    assert_eq!(written, schema());
}
