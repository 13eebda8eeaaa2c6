//! The `?` overlay: every key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::{Lang, texts};
use crate::keymap;
use crate::text::pad;

pub fn help(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let mut lines: Vec<Line> = keymap::BOARD
        .iter()
        .map(|b| item(b.label(), ui.key_help[b.does as usize], theme))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(format!("  {}", ui.detail_keys), theme.title()));
    lines.extend(
        keymap::DETAIL
            .iter()
            .map(|b| item(b.label(), ui.detail_help[b.does as usize], theme)),
    );
    let case_keys = texts(model.lang).form.case_keys;
    lines.push(item(keymap::case_keys(), case_keys, theme));
    lines.extend(other_views(model.lang, theme, false));
    lines.push(Line::from(""));
    lines.push(Line::styled(format!("  {}", ui.mouse_help), theme.dim()));
    lines.push(Line::styled(format!("  {}", ui.collapse_note), theme.dim()));
    let height = u16::try_from(lines.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(
        Constraint::Length(80.min(area.width)),
        Constraint::Length(height),
    );
    let body = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((model.scroll, 0));
    let k = &texts(model.lang).keys;
    let hint = keymap::hint_line(keymap::HELP, |a| k.sheet[a as usize]);
    super::popup::popup(frame, popup, ui.help_title, &hint, body, theme);
}

/// One key's line in a help page.
pub(super) fn item(keys: String, what: &'static str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {}", pad(&keys, 14)), theme.title()),
        Span::raw(what),
    ])
}

/// The keys of the views over a board, each under its heading: all of them on a community's
/// board; on the sub-district's, those it opens (help, the quit question, a failed write,
/// the note and resolve forms).
pub(super) fn other_views(lang: Lang, theme: Theme, sub_district: bool) -> Vec<Line<'static>> {
    let k = &texts(lang).keys;
    let mut lines = Vec::new();
    let mut section = |title: &str, rows: Vec<(String, &'static str)>| {
        lines.push(Line::from(""));
        lines.push(Line::styled(format!("  {title}"), theme.title()));
        lines.extend(rows.into_iter().map(|(keys, what)| item(keys, what, theme)));
    };
    section(k.views[0], rows(keymap::ALWAYS, |a| k.always[a as usize]));
    section(k.views[1], rows(keymap::HELP, |a| k.sheet[a as usize]));
    if !sub_district {
        section(k.views[2], rows(keymap::HANDOVER, |a| k.sheet[a as usize]));
        section(k.views[3], rows(keymap::FIGURES, |a| k.figures[a as usize]));
        section(k.views[4], rows(keymap::ROSTER, |a| k.roster[a as usize]));
    }
    section(
        k.views[5],
        rows(keymap::QUESTION, |a| k.question[a as usize]),
    );
    if !sub_district {
        section(k.views[6], rows(keymap::SEARCH, |a| k.search[a as usize]));
    }
    section(k.views[7], rows(keymap::FAILED, |a| k.failed[a as usize]));
    let mut form = rows(keymap::FORM, |a| k.form[a as usize]);
    form.push((String::new(), k.fields));
    section(k.views[8], form);
    lines
}

/// A table's keys and their words, for the help.
fn rows<A: Copy>(
    table: &[keymap::Binding<A>],
    word: impl Fn(A) -> &'static str,
) -> Vec<(String, &'static str)> {
    table.iter().map(|b| (b.label(), word(b.does))).collect()
}

/// "Quit the duty desk?": a wall screen is not closed by one stray key.
pub fn confirm_quit(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let f = &texts(model.lang).form;
    let popup = area.centered(
        Constraint::Length(56.min(area.width)),
        Constraint::Length(3.min(area.height)),
    );
    let k = &texts(model.lang).keys;
    let hint = keymap::hint_line(keymap::QUESTION, |a| k.question[a as usize]);
    let body = Paragraph::new(Line::styled(format!(" {}", f.confirm_quit), theme.title()));
    super::popup::popup(frame, popup, "", &hint, body, theme);
}
