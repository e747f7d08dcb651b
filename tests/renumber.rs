//! Numbers are never typed in the YAML: inserting an item renumbers everything after it.

mod common;
use common::*;
use gongwen::pipeline::plan_to_markdown;
use gongwen::renderer::markdown::MarkdownRenderer;

fn render(yaml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, yaml).unwrap();
    let renderer = MarkdownRenderer::new(None).unwrap();
    plan_to_markdown(&path, &renderer).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The run-in principle headings, in order.
fn principle_headings(md: &str) -> Vec<String> {
    let section = md.split("## 二、").nth(1).unwrap().split("## 三、").next().unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("**（"))
        .map(|l| l.split("**").nth(1).unwrap().to_string())
        .collect()
}

#[test]
fn inserting_a_principle_renumbers_the_later_ones() {
    let yaml = sample_yaml();
    let anchor = "  - title: 坚持乡村全面振兴的原则\n";
    assert!(yaml.contains(anchor));
    let inserted = yaml.replacen(
        anchor,
        &format!("  - title: 坚持绿色发展的原则\n    body: 守住生态保护红线。\n{anchor}"),
        1,
    );

    let before = principle_headings(&render(&yaml));
    let after = principle_headings(&render(&inserted));
    assert_eq!(
        before,
        [
            "（一）坚持党管农村工作的原则",
            "（二）坚持乡村全面振兴的原则",
            "（三）坚持农民主体地位的原则",
            "（四）坚持因地制宜、重点打造的原则"
        ]
    );
    assert_eq!(
        after,
        [
            "（一）坚持党管农村工作的原则",
            "（二）坚持绿色发展的原则",
            "（三）坚持乡村全面振兴的原则",
            "（四）坚持农民主体地位的原则",
            "（五）坚持因地制宜、重点打造的原则"
        ]
    );
}

#[test]
fn removing_a_priority_renumbers_yi_shi_er_shi() {
    let yaml = sample_yaml();
    let start = yaml.find("  - lead: 突出现代农业园区示范引领作用").unwrap();
    let end = yaml.find("  - lead: 整合资金建设乡村振兴先进乡镇").unwrap();
    let removed = format!("{}{}", &yaml[..start], &yaml[end..]);
    let md = render(&removed);
    assert!(md.contains("\n一是整合资金建设乡村振兴先进乡镇。"), "{md}");
    assert!(md.contains("\n二是推进“四大革命”，改善农村人居环境。"));
    assert!(!md.contains("三是"));
}
