//! Resolving person references: ids in the leading group and the office are looked up in the
//! roster (`people:`), so that changing a person there changes every document naming them.
//! That holds for the sample's working organisation and for an `organization:` in any section.

use super::model::{Organization, Person, PersonRef, Plan};
use super::outline::walk_mut;
use super::text::Text;
use super::validate::Finding;
use std::collections::BTreeMap;

/// Replace every `PersonRef::Id` by the person it names. Also checks each person where they are
/// defined: in the roster, or written out in place. `roster` names the roster file in effect,
/// for messages.
pub fn resolve(plan: &mut Plan, roster: Option<&std::path::Path>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (id, person) in &plan.people {
        check_person(&format!("people.{id}"), person, false, &mut findings);
    }
    let people = &plan.people;
    resolve_organization("organization", &mut plan.organization, people, roster, &mut findings);
    walk_mut(&mut plan.sections, &mut |path, section| {
        if let Some(org) = &mut section.organization {
            resolve_organization(&format!("{path}.organization"), org, people, roster, &mut findings);
        }
    });
    findings
}

fn resolve_organization(
    base: &str,
    org: &mut Organization,
    people: &BTreeMap<String, Person>,
    roster: Option<&std::path::Path>,
    findings: &mut Vec<Finding>,
) {
    // Made once, however many references are unknown.
    let listing = std::cell::OnceCell::new();
    let known = || {
        listing
            .get_or_init(|| {
                let ids: Vec<&str> = people.keys().map(String::as_str).collect();
                let list = if ids.is_empty() {
                    "人员名单为空（no people defined）".to_string()
                } else {
                    format!("人员名单中有：{}", ids.join("、"))
                };
                match roster {
                    // A plan with its own roster takes no one from its base plan's town.
                    Some(file) => format!(
                        "本方案的人员名单 {} 中没有这个编号（不会从基础方案的人员中借用）；{list}",
                        file.display()
                    ),
                    None => list,
                }
            })
            .clone()
    };
    for (field, list) in org.leading_group.roles_mut() {
        for (i, r) in list.iter_mut().enumerate() {
            let path = format!("{base}.leading_group.{field}[{i}]");
            match r {
                PersonRef::Inline(p) => check_person(&path, p, true, findings),
                PersonRef::Id(id) => match people.get(id.as_str()) {
                    Some(p) => {
                        if p.posts.is_empty() {
                            findings.push(Finding::new(
                                &path,
                                format!(
                                    "{}（{id}）在人员名单中没有职务，领导小组成员须写明职务（posts required）",
                                    p.name
                                ),
                            ));
                        }
                        *r = PersonRef::Inline(p.clone());
                    }
                    None => findings.push(Finding::new(
                        path,
                        format!("找不到人员 `{id}`（unknown person）；{}", known()),
                    )),
                },
            }
        }
    }
    let office = &mut org.office;
    let refs = std::iter::once((format!("{base}.office.director"), &mut office.director)).chain(
        office
            .staff
            .iter_mut()
            .enumerate()
            .map(|(i, r)| (format!("{base}.office.staff[{i}]"), r)),
    );
    for (path, r) in refs {
        if let PersonRef::Id(id) = r {
            match people.get(id.as_str()) {
                Some(p) => *r = PersonRef::Inline(p.clone()),
                // Without a roster, the office may simply name people.
                None if people.is_empty() => {
                    *r = PersonRef::Inline(Person {
                        name: Text::new(id),
                        posts: Vec::new(),
                    })
                }
                None => findings.push(Finding::new(
                    path,
                    format!("找不到人员 `{id}`（unknown person）；{}", known()),
                )),
            }
        }
    }
}

fn check_person(path: &str, person: &Person, needs_posts: bool, findings: &mut Vec<Finding>) {
    if person.name.is_empty() {
        findings.push(Finding::new(
            format!("{path}.name"),
            "不能为空：请填写姓名（required: name）",
        ));
    }
    if needs_posts && person.posts.is_empty() {
        findings.push(Finding::new(
            format!("{path}.posts"),
            "请填写职务（required: at least one post）",
        ));
    }
    for (i, post) in person.posts.iter().enumerate() {
        if post.title.is_empty() {
            findings.push(Finding::new(
                format!("{path}.posts[{i}]"),
                "不能为空：请填写职务名称（required: post）",
            ));
        }
    }
}
