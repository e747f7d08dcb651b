//! The issued document (GB/T 9704 7.2, 7.4): the 版头 (masthead) over the first page, the 通知
//! that issues the plan, the seals of the signature, and the printed-by line of the 版记.

use super::model::{Plan, PlanDate};
use super::text::Text;
use super::validate::Finding;
use serde::{Deserialize, Serialize};

/// 版头: what stands above the red rule of the first page.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Masthead {
    /// 发文机关标志：机关全称或规范化简称，主办机关在前；不写则用 issuers（落款机关）。
    pub organs: Vec<Text>,
    /// 标志后加“文件”二字（默认 true）。
    pub file: Option<bool>,
    /// 份号：6位阿拉伯数字，如 000001（可选）。
    pub copy_number: Text,
    /// 密级和保密期限，如 秘密★1年（可选）。
    pub secrecy: Text,
    /// 紧急程度：特急、加急（可选）。
    pub urgency: Text,
    /// 签发人（上行文：请示、报告）：写了签发人，发文字号居左、签发人居右排在同一行。
    pub signers: Vec<Text>,
}

impl Masthead {
    /// The mark's organs (the issuers unless given) and whether 文件 follows them.
    pub fn mark(&self, issuers: &[Text]) -> (Vec<Text>, bool) {
        let organs = if self.organs.is_empty() {
            issuers.to_vec()
        } else {
            self.organs.clone()
        };
        (organs, self.file.unwrap_or(true))
    }

    pub fn view(&self, issuers: &[Text]) -> MastheadView {
        let (organs, file) = self.mark(issuers);
        MastheadView {
            organs: organs.iter().map(Text::to_string).collect(),
            file,
            copy_number: self.copy_number.to_string(),
            secrecy: self.secrecy.to_string(),
            urgency: self.urgency.to_string(),
            signers: self.signers.iter().map(Text::to_string).collect(),
        }
    }
}

/// What the templates get of the masthead: its organs filled in from the issuers.
#[derive(Clone, Debug, Serialize)]
pub struct MastheadView {
    pub organs: Vec<String>,
    pub file: bool,
    pub copy_number: String,
    pub secrecy: String,
    pub urgency: String,
    pub signers: Vec<String>,
}

/// 印发通知: the notice in front of the plan.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Notice {
    /// 通知标题；不写则为“关于印发《镇名+方案标题》的通知”。
    pub title: Text,
    /// 主送机关；不写则用 document.addressee。
    pub addressee: Text,
    /// 通知正文，每项一段；不写则为“现将《…》印发给你们，请结合实际，认真贯彻落实。”
    pub body: Vec<Text>,
    /// 方案排在哪里：attachment（作为附件另起一页，默认）或 after（落款之后另起一页，不加“附件”）。
    pub plan: PlanPlacement,
    /// 附注，如 此件公开发布（不写括号，模板加上）。
    pub note: Text,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanPlacement {
    /// 作为通知的附件：附件 + 方案标题，另起一页。
    #[default]
    Attachment,
    /// 紧接通知之后另起一页，不加“附件”标签。
    After,
}

/// 印发机关和印发日期: the last line of the 版记.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PrintedBy {
    /// 印发机关，如 XX镇党政办公室。
    pub office: Text,
    /// 印发日期：2021-03-18 或 2021年3月18日。
    pub date: PlanDate,
}

/// What the templates get besides the plan: the notice with its defaults filled in.
#[derive(Clone, Debug, Serialize)]
pub struct NoticeView {
    pub title: String,
    pub addressee: String,
    pub body: Vec<String>,
    /// The plan's full title as the notice names it: 《…》 without the marks.
    pub plan_title: String,
    pub plan_as_attachment: bool,
    pub note: String,
}

impl Notice {
    pub fn view(&self, plan: &Plan) -> NoticeView {
        let d = &plan.document;
        let plan_title = if d.title.as_str().starts_with(d.town.as_str()) {
            d.title.to_string()
        } else {
            format!("{}{}", d.town, d.title)
        };
        let title = if self.title.is_empty() {
            format!("关于印发《{plan_title}》的通知")
        } else {
            self.title.to_string()
        };
        let addressee = if self.addressee.is_empty() {
            d.addressee.to_string()
        } else {
            self.addressee.to_string()
        };
        let body = if self.body.is_empty() {
            vec![format!("现将《{plan_title}》印发给你们，请结合实际，认真贯彻落实。")]
        } else {
            self.body.iter().map(Text::to_string).collect()
        };
        NoticeView {
            title,
            addressee,
            body,
            plan_title,
            plan_as_attachment: self.plan == PlanPlacement::Attachment,
            note: self.note.to_string(),
        }
    }
}

/// What validation checks in the issued document's settings.
pub fn validate(plan: &Plan, out: &mut Vec<Finding>) {
    let d = &plan.document;
    let mut push = |path: &str, message: String| out.push(Finding::new(path, message));
    if let Some(m) = &d.masthead {
        let (organs, _) = m.mark(&d.issuers);
        if organs.is_empty() {
            push(
                "document.masthead.organs",
                "版头没有发文机关：请写 organs 或 issuers（the mark needs an organ）".into(),
            );
        }
        if d.number.is_empty() {
            push(
                "document.number",
                "有版头的公文要有发文字号（a masthead needs document.number, e.g. 镇委发〔2021〕5号）".into(),
            );
        }
        let n = m.copy_number.as_str();
        if !n.is_empty() && (n.len() != 6 || !n.bytes().all(|b| b.is_ascii_digit())) {
            push(
                "document.masthead.copy_number",
                format!("份号应为6位阿拉伯数字，如 000001（写的是「{n}」）"),
            );
        }
    }
    if let Some(p) = &d.printed_by {
        if p.office.is_empty() {
            push(
                "document.printed_by.office",
                "请填写印发机关（required: the printing office）".into(),
            );
        }
        if p.date.parse().is_none() {
            push(
                "document.printed_by.date",
                format!(
                    "「{}」不是一个真实的日期（expected a date such as 2021-03-18）",
                    p.date.raw
                ),
            );
        }
    }
    for (i, seal) in d.seals.iter().enumerate() {
        if seal.contains(['<', '>', '\n']) {
            push(
                &format!("document.seals[{i}]"),
                "印章图片的路径里不能有 < > 或换行（a seal's path may not contain < > or a line break）".into(),
            );
        } else if !seal.trim().is_empty() {
            // Read and checked here, so that a missing or broken seal is said at the plan's line
            // with everything else, not found only when the page is laid out. (Paths are made
            // absolute when the plan is loaded.)
            if let Err(message) = crate::image::load(std::path::Path::new(seal.trim())) {
                push(
                    &format!("document.seals[{i}]"),
                    format!("印章图片 {}：{message}", seal.trim()),
                );
            }
        }
    }
    if d.issuers.len() > 3 && !d.seals.is_empty() {
        push(
            "document.seals",
            "加盖印章的联合行文最多 3 个机关（gongwen sets one row of at most 3 seals）".into(),
        );
    }
    if !d.seals.is_empty() && d.seals.len() != d.issuers.len() {
        push(
            "document.seals",
            format!(
                "印章有 {} 个，发文机关有 {} 个：每个发文机关一个印章（写 \"\" 表示只留盖章位置）",
                d.seals.len(),
                d.issuers.len()
            ),
        );
    }
}
