//! The desk's refusals and failures (its own, the store's, the domain's) in words of the
//! officer's language, with times in the desk's zone. They are typed until said (their
//! `Display`, in UTC, is for the log); here the dashboard and the command line both say them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::DeskError;
use crate::domain::lifecycle::{DomainError, Milestone, Problem, Refusal};
use crate::store::StoreError;

use crate::i18n::{Lang, texts};

/// How a reason is said: in which language, and in which zone its times are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    pub lang: Lang,
    pub zone: Tz,
}

impl Voice {
    pub fn new(lang: Lang, zone: Tz) -> Voice {
        Voice { lang, zone }
    }

    /// An instant as the desk shows it: local, to the second, with the zone's name.
    fn time(self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            at.with_timezone(&self.zone).format("%Y-%m-%d %H:%M:%S"),
            self.zone
        )
    }
}

/// A field's name, as a form calls it.
pub fn field(name: &str) -> &str {
    match name {
        "summary" => "内容",
        "place" => "地点",
        "category" => "类别",
        "responder" => "处置人",
        "body" => "呼叫对象",
        "note" => "备注",
        "reason" => "原因",
        "time" => "时间",
        "phone" => "电话",
        "name" => "姓名",
        "grid" => "网格",
        "to" => "截止日期",
        "patrol" => "巡查",
        other => other,
    }
}

pub fn problem(voice: Voice, name: &str, p: &Problem) -> String {
    let lang = voice.lang;
    if lang == Lang::En {
        let milestone = |m: &Milestone| match m {
            Milestone::Report => "the report",
            Milestone::Dispatch => "the dispatch",
            Milestone::Arrival => "the arrival",
            Milestone::Resolution => "the resolution",
            Milestone::CallUp => "the call-up",
        };
        let what = match p {
            Problem::InFuture(at) => format!(
                "{} is in the future; give a time up to now (--at) or how long ago (--ago)",
                voice.time(*at)
            ),
            Problem::TooEarly(at) => format!(
                "{} is before 2000; give a time the desk's records could hold",
                voice.time(*at)
            ),
            Problem::Before { at, what, earlier } => format!(
                "{} is before {} ({}); events must follow each other",
                voice.time(*at),
                milestone(what),
                voice.time(*earlier)
            ),
            other => other.to_string(),
        };
        return format!("{name}: {what}");
    }
    let t = texts(lang);
    let what = match p {
        Problem::Empty => "不能为空".to_string(),
        Problem::TooLong { max } => format!("太长：最多 {max} 个字"),
        Problem::InFuture(at) => format!("{} 在未来；请填现在或更早的时间", voice.time(*at)),
        Problem::TooEarly(at) => format!("{} 早于 2000 年；请检查填写的时间", voice.time(*at)),
        Problem::Before { at, what, earlier } => {
            let step = match what {
                Milestone::Report => "报告",
                Milestone::Dispatch => "派遣",
                Milestone::Arrival => "到场",
                Milestone::Resolution => "办结",
                Milestone::CallUp => "呼叫",
            };
            format!(
                "{} 早于{step}时间（{}）；各步骤须按先后记录",
                voice.time(*at),
                voice.time(*earlier)
            )
        }
        Problem::NotAPhone(_) => "不是电话号码；请填 5 到 15 位数字（可含 +、- 和空格）".into(),
        Problem::UnknownBody(code) => format!("没有代码为 `{code}` 的呼叫对象"),
        Problem::UnknownCategory { typed, nearest } if nearest.is_empty() => {
            format!("没有 `{typed}` 这个类别；`dutydesk codes categories` 列出全部代码")
        }
        Problem::UnknownCategory { typed, nearest } => {
            format!("没有 `{typed}` 这个类别；是不是 {}？", nearest.join(" 或 "))
        }
        Problem::SeveralCategories { typed, matches } => format!(
            "`{typed}` 对应多个类别：{}；请写其中一个代码",
            matches.join("、")
        ),
        Problem::NoSuchGrid { grid, allowed } => {
            let allowed: Vec<String> = allowed.iter().map(u8::to_string).collect();
            format!("没有网格 {grid}；可选 {}", allowed.join("、"))
        }
        Problem::NotOnRoster(name) => format!("{name} 不在值班表上；按 r 查看值班表"),
        Problem::NotOnRosterAnymore => "不在值班表上；按 r 查看值班表".into(),
        Problem::AlreadyOnRoster(name) => format!("{name} 已在值班表上"),
        Problem::PatrolRecorded { grid, slot, day } => {
            let slot = match slot {
                crate::domain::PatrolSlot::Morning => t.ui.morning,
                crate::domain::PatrolSlot::Afternoon => t.ui.afternoon,
            };
            format!("网格 {grid} {day} {slot}的巡查已登记")
        }
        Problem::ToBeforeFrom { from, to } => format!("{to} 早于 {from}"),
        Problem::NoFolder(dir) => format!(
            "文件夹 {} 不存在；请先创建（mkdir -p {}），或写到已有的文件夹中",
            dir.display(),
            dir.display()
        ),
        Problem::Argument(text) => text.clone(),
    };
    format!("{}：{what}", field(name))
}

pub fn refusal(lang: Lang, why: &Refusal) -> String {
    if lang == Lang::En {
        return why.to_string();
    }
    let t = texts(lang);
    match why {
        Refusal::Resolved => "已办结；请先重开".into(),
        Refusal::Cancelled => "已取消".into(),
        Refusal::OnScene => "已有人到场；请改为记进展".into(),
        Refusal::AlreadyDispatched(name) => format!("已派遣 {name}"),
        Refusal::NotDispatched => "尚未派遣；请先派遣".into(),
        Refusal::AlreadyArrived => "已记录到场".into(),
        Refusal::AlreadyCalledUp(body) => format!("已呼叫 {body}"),
        Refusal::AlreadyTier(tier) => format!("已是{}", t.tier[*tier as usize]),
        Refusal::NotArrived => "尚无人到场；请先记录到场".into(),
        Refusal::NotResolved => "尚未办结；办结后再通报报告人".into(),
        Refusal::AlreadyTold => "已通报过报告人".into(),
        Refusal::ResolvedNotCancellable => "已办结；只能取消未结案件".into(),
        Refusal::NotReopenable => "未办结，无需重开".into(),
        Refusal::ChangedSince => "案件已有新变化；撤销只能撤回本屏刚做的上一步".into(),
        Refusal::NotCalledUp => "尚未呼叫；请先呼叫".into(),
        Refusal::AlreadyReceived(body) => format!("{body} 已接收"),
        Refusal::Joined(into) => {
            format!("已并入 {into}（同一件事）；请在 {into} 上办理，或先拆分出来")
        }
        Refusal::JoinSelf => "案件不能并入自己".into(),
        Refusal::NotOpenToJoin(number) => format!("{number} 未在办理中；只能合并未结案件"),
        Refusal::JoinIntoJoined { case, into } => {
            format!("{case} 已并入 {into}；请并入 {into}")
        }
        Refusal::NotJoinedInto(number) => format!("不是 {number} 的报告，无可拆分"),
        Refusal::InFuture => "时间在将来".into(),
        Refusal::NotJoined => "从未并入其他案件，无可拆分".into(),
    }
}

pub fn domain(voice: Voice, e: &DomainError) -> String {
    let lang = voice.lang;
    match e {
        DomainError::Invalid { field, problem: p } => problem(voice, field, p),
        DomainError::NotAllowed { .. } if lang == Lang::En => e.to_string(),
        DomainError::NotAllowed {
            number,
            action,
            why,
        } => format!(
            "无法对案件 {number} {}：{}",
            texts(lang).event[*action as usize],
            refusal(lang, why)
        ),
    }
}

pub fn store(voice: Voice, e: &StoreError) -> String {
    match e {
        StoreError::Domain(e) => domain(voice, e),
        StoreError::Invalid { field, problem: p } => problem(voice, field, p),
        StoreError::Moved(moved) if voice.lang == Lang::En => format!(
            "this desk's records moved to {} on {}; nothing more is written here. Use --db {} (or database.url in the config)",
            moved.to,
            voice.time(moved.at),
            moved.to
        ),
        StoreError::Moved(moved) => format!(
            "本值班台的记录已于 {} 迁入 {}，此文件不再写入。请改用 --db {}（或配置中的 database.url）",
            voice.time(moved.at),
            moved.to,
            moved.to
        ),
        _ if voice.lang == Lang::En => e.to_string(),
        other => store_zh(other),
    }
}

/// The store's own failures in Chinese (its refusals of input are said above).
fn store_zh(e: &StoreError) -> String {
    match e {
        StoreError::Domain(_) | StoreError::Invalid { .. } | StoreError::Moved(_) => e.to_string(),
        StoreError::NoSuchCase(number) => format!("没有编号为 {number} 的案件"),
        StoreError::NotDutydesk { path, why } => format!(
            "{}：不是 dutydesk 数据库（{why}），未做任何改动。请用 --db 指向 dutydesk 数据库或新文件",
            path.display()
        ),
        StoreError::NewerSchema { path, found, known } => format!(
            "{}：由更新版本的 dutydesk 写入（结构版本 {found}，本版本最高 {known}），未做改动。请升级 dutydesk",
            path.display()
        ),
        StoreError::Gone { path, what } => {
            let what = if what.contains("remov") {
                "删除"
            } else {
                "替换"
            };
            format!(
                "{}：数据库文件在运行中被{what}，此后不再写入。请重启 dutydesk 或用 --db 指向正确的文件",
                path.display()
            )
        }
        StoreError::Unreadable(what) => {
            format!("数据库中有本版本无法读取的值（{what}）；请运行 dutydesk check")
        }
        StoreError::Db { source, .. } => {
            let text = source.to_string();
            if text.contains("locked") || text.contains("busy") {
                format!("数据库正被其他程序占用，未能写入（{text}）")
            } else {
                format!("数据库错误：{text}")
            }
        }
        StoreError::Io { source, .. } => format!("文件错误：{source}"),
        StoreError::NotAFile { path, .. } => format!(
            "{}：不是数据库文件（是目录、管道或设备），未做任何改动。请用 --db 指向数据库文件",
            path.display()
        ),
        StoreError::Damaged { why, .. } => format!(
            "数据库已损坏（{why}），未写入任何内容。请从备份恢复（见 README 的“备份”一节），或保留原文件待修复并用 --db 指向新文件"
        ),
        StoreError::Disk { trouble, .. } => {
            let (what, fix) = match trouble {
                crate::store::DiskTrouble::Full => ("磁盘已满", "请清理空间后重试"),
                crate::store::DiskTrouble::ReadOnly => {
                    ("文件系统或文件为只读", "请检查挂载与文件权限后重试")
                }
                crate::store::DiskTrouble::Failing => {
                    ("磁盘读写失败", "请检查磁盘后重试，备份请备好")
                }
            };
            format!("{what}：未写入任何内容，数据库保持原样。{fix}")
        }
        StoreError::Unreachable { why, .. } => {
            format!("无法连接共享数据库（{why}），正在重试；请检查网络与数据库服务器")
        }
        // The shared database's set-up messages name SQL roles and config keys: kept as said.
        StoreError::Shared(what) => format!("共享数据库：{what}"),
    }
}

pub fn desk(voice: Voice, e: &DeskError) -> String {
    let lang = voice.lang;
    match e {
        DeskError::BadInput { field, problem: p } => problem(voice, field, p),
        DeskError::Store(e) => store(voice, e),
        DeskError::File(e) => e.to_string(),
        DeskError::BadRows(rows) if lang == Lang::Zh => format!(
            "文件中有 {} 行有误，未导入任何内容。请修改后重新导入：\n{}",
            rows.len(),
            rows.iter()
                .map(|b| format!("  第 {} 行，{} 列：{}", b.line, b.column, b.reason))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        DeskError::BadRows(_) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventKind, Tier};

    #[test]
    fn every_refusal_is_worded_in_chinese() {
        let all = [
            Refusal::Resolved,
            Refusal::Cancelled,
            Refusal::OnScene,
            Refusal::AlreadyDispatched("陈静".into()),
            Refusal::NotDispatched,
            Refusal::AlreadyArrived,
            Refusal::AlreadyCalledUp("x".into()),
            Refusal::AlreadyTier(Tier::Big),
            Refusal::NotArrived,
            Refusal::NotResolved,
            Refusal::AlreadyTold,
            Refusal::ResolvedNotCancellable,
            Refusal::NotReopenable,
            Refusal::ChangedSince,
        ];
        for why in &all {
            let zh = refusal(Lang::Zh, why);
            assert!(
                !zh.chars().any(|c| c.is_ascii_alphabetic()) || zh.contains('x'),
                "{zh}"
            );
            assert_ne!(zh, why.to_string());
        }
        let e = DomainError::NotAllowed {
            number: "20261128-001".into(),
            action: EventKind::Dispatched,
            why: Refusal::Resolved,
        };
        let zh = Voice::new(Lang::Zh, chrono_tz::Asia::Shanghai);
        let en = Voice::new(Lang::En, chrono_tz::Asia::Shanghai);
        assert_eq!(
            domain(zh, &e),
            "无法对案件 20261128-001 派遣：已办结；请先重开"
        );
        assert_eq!(
            domain(en, &e),
            "cannot dispatch case 20261128-001: it is resolved; reopen it first"
        );
    }
}
