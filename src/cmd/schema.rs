//! `gongwen schema`: a JSON Schema of the plan format, for completion and checking in editors
//! (yaml-language-server in VS Code reads it from a `# yaml-language-server: $schema=…` line).

use super::exit;

#[derive(clap::Args, Debug)]
pub struct Args {}

/// The schema of a plan file, as JSON text.
pub fn plan_schema() -> String {
    let mut schema = schemars::schema_for!(crate::plan::Plan);
    // Keys read before the plan is typed: they never reach the model, but a file may have them.
    if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        properties.insert(
            "extends".into(),
            serde_json::json!({ "type": "string", "description": "基础方案文件的路径：本方案只写与它不同之处" }),
        );
        properties.insert(
            "roster".into(),
            serde_json::json!({ "type": "string", "description": "人员名单文件的路径（people: 编号 → 姓名、职务）" }),
        );
    }
    // The outline a plan has when it leaves `sections:` out, in the form a plan writes it.
    if let Some(sections) = schema
        .pointer_mut("/properties/sections")
        .and_then(|p| p.as_object_mut())
    {
        let parts: Vec<&str> = crate::plan::outline::Part::ALL.iter().map(|p| p.key()).collect();
        sections.insert("default".into(), serde_json::json!(parts));
    }
    schema.insert("title".into(), "gongwen 工作方案 (plan)".into());
    // Serializing a schema (plain JSON values) cannot fail; an empty object is the fallback.
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into())
}

pub fn run(_: Args) -> u8 {
    say!("{}", plan_schema());
    exit::OK
}
