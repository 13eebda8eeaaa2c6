//! A form on the dashboard: fields that are typed into, picked from or ticked, checked as the
//! officer types and again on submit. Nothing is written until every field is valid; what was
//! typed is kept through mistakes and failed writes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::LineInput;
use crate::keymap::{self, OnForm};

/// Which form; decides the title and the command it builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Report,
    Dispatch,
    Arrive,
    CallUp,
    Tier,
    Note,
    Resolve,
    Cancel,
    Reopen,
    Tell,
    Join,
    Split,
    Patrol,
    Handover,
}

/// Every field any form has; labels are looked up by it in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Grid,
    Category,
    Channel,
    Place,
    Summary,
    Reporter,
    Phone,
    Tier,
    MinutesAgo,
    OnScene,
    Responder,
    Note,
    How,
    Body,
    Public,
    Told,
    Reason,
    Slot,
    Findings,
    Verdict,
    Officer,
    /// The case a report is the same matter as.
    Into,
}

/// What makes a field valid, checked on every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    None,
    Required,
    Phone,
    /// A whole number in this range; empty means the lowest.
    Number(u32, u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub label: String,
    /// A second column: a responder's current job, a kind's code.
    pub detail: String,
    /// Lower-case text the filter searches: code, both languages.
    pub search: String,
}

/// A list to pick from; typing filters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub options: Vec<Choice>,
    pub filter: LineInput,
    /// Index into `options`; always one of the visible ones when any is.
    pub selected: usize,
    /// Nothing is chosen yet: the officer must pick (a field that decides where a case goes
    /// is never guessed for them). Moving in the list or typing a filter picks.
    pub blank: bool,
}

impl Picker {
    pub fn new(options: Vec<Choice>, selected_code: &str) -> Picker {
        let selected = options
            .iter()
            .position(|c| c.code == selected_code)
            .unwrap_or(0);
        Picker {
            options,
            filter: LineInput::default(),
            selected,
            blank: false,
        }
    }

    /// A list with nothing chosen until the officer picks.
    pub fn blank(options: Vec<Choice>) -> Picker {
        Picker {
            blank: true,
            ..Picker::new(options, "")
        }
    }

    /// Indices of the options the filter lets through.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.filter.text().trim().to_lowercase();
        (0..self.options.len())
            .filter(|&i| needle.is_empty() || self.options[i].search.contains(&needle))
            .collect()
    }

    pub fn chosen(&self) -> Option<&Choice> {
        if self.blank {
            return None;
        }
        self.visible()
            .contains(&self.selected)
            .then(|| &self.options[self.selected])
    }

    fn step(&mut self, by: isize) {
        let visible = self.visible();
        if std::mem::take(&mut self.blank) {
            // The first move from nothing picks the first one shown.
            if let Some(&first) = visible.first() {
                self.selected = first;
            }
            return;
        }
        let Some(at) = visible.iter().position(|&i| i == self.selected) else {
            if let Some(&first) = visible.first() {
                self.selected = first;
            }
            return;
        };
        let next = at
            .saturating_add_signed(by)
            .min(visible.len().saturating_sub(1));
        self.selected = visible[next];
    }

    fn handle(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Up | KeyCode::Left => self.step(-1),
            KeyCode::Down | KeyCode::Right => self.step(1),
            KeyCode::PageUp => self.step(-8),
            KeyCode::PageDown => self.step(8),
            _ if self.filter.handle(key) => self.step(0),
            _ => return false,
        }
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(LineInput),
    Pick(Picker),
    Toggle(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: FieldKey,
    pub value: Value,
    pub check: Check,
    /// Edited or left: only then is its error shown (or after a submit was tried).
    pub touched: bool,
}

/// Why a field is not valid, in words the form shows in the officer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    Phone,
    Number(u32, u32),
    NoMatch,
}

impl Field {
    pub fn text(key: FieldKey, check: Check, value: &str) -> Field {
        Field {
            key,
            value: Value::Text(LineInput::new(value)),
            check,
            touched: false,
        }
    }

    pub fn pick(key: FieldKey, options: Vec<Choice>, selected: &str) -> Field {
        Field {
            key,
            value: Value::Pick(Picker::new(options, selected)),
            check: Check::None,
            touched: false,
        }
    }

    /// A list the officer must pick from: nothing is chosen at first.
    pub fn pick_blank(key: FieldKey, options: Vec<Choice>) -> Field {
        Field {
            key,
            value: Value::Pick(Picker::blank(options)),
            check: Check::Required,
            touched: false,
        }
    }

    pub fn toggle(key: FieldKey, on: bool) -> Field {
        Field {
            key,
            value: Value::Toggle(on),
            check: Check::None,
            touched: false,
        }
    }

    pub fn problem(&self) -> Option<Problem> {
        match &self.value {
            Value::Pick(p) if p.blank => Some(Problem::Required),
            Value::Pick(p) => p.chosen().is_none().then_some(Problem::NoMatch),
            Value::Toggle(_) => None,
            Value::Text(input) => {
                let text = input.text().trim();
                match self.check {
                    Check::None => None,
                    Check::Required => text.is_empty().then_some(Problem::Required),
                    Check::Phone => (!text.is_empty()
                        && crate::domain::lifecycle::check_phone(text).is_err())
                    .then_some(Problem::Phone),
                    Check::Number(lo, hi) => {
                        let ok = text.is_empty()
                            || text.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
                        (!ok).then_some(Problem::Number(lo, hi))
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    /// The case it acts on (none for a new report or a patrol).
    pub case: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A submit was tried: every field shows its problem now.
    pub tried: bool,
    /// What the rules or the store said when the last submit was refused.
    pub refused: Option<String>,
    /// A warning beside the fields: the dispatch form's shortfall.
    pub advice: Option<String>,
    /// A report's form: the open cases it may be the same matter as, most alike first.
    pub same_as: Vec<SameAs>,
    /// What the form will do, said above its fields (a split, which asks nothing).
    pub intro: Option<String>,
}

/// An open case a report being entered may be the same matter as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAs {
    pub number: String,
    pub place: String,
    pub reported_at: chrono::DateTime<chrono::Utc>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Edited,
    Submit,
    /// Submit a report as one more report of the first case it may be the same matter as.
    SameMatter,
    Close,
    Ignored,
}

impl Form {
    pub fn new(kind: FormKind, case: Option<String>, fields: Vec<Field>) -> Form {
        Form {
            kind,
            case,
            fields,
            focus: 0,
            tried: false,
            refused: None,
            advice: None,
            same_as: Vec::new(),
            intro: None,
        }
    }

    pub fn field(&self, key: FieldKey) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: FieldKey) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// The trimmed text of a text field ("" if there is none).
    pub fn text(&self, key: FieldKey) -> &str {
        match self.field(key).map(|f| &f.value) {
            Some(Value::Text(input)) => input.text().trim(),
            _ => "",
        }
    }

    /// The code chosen in a picker ("" if nothing is).
    pub fn code(&self, key: FieldKey) -> &str {
        match self.field(key).map(|f| &f.value) {
            Some(Value::Pick(p)) => p.chosen().map_or("", |c| c.code.as_str()),
            _ => "",
        }
    }

    pub fn ticked(&self, key: FieldKey) -> bool {
        matches!(self.field(key).map(|f| &f.value), Some(Value::Toggle(true)))
    }

    /// A number field's value; empty counts as zero.
    pub fn number(&self, key: FieldKey) -> u32 {
        self.text(key).parse().unwrap_or(0)
    }

    /// The first field with a problem, to focus on submit.
    pub fn first_problem(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.problem().is_some())
    }

    /// Whether a field's problem is shown now.
    pub fn shows_problem(&self, index: usize) -> bool {
        self.tried || self.fields.get(index).is_some_and(|f| f.touched)
    }

    fn move_focus(&mut self, by: isize) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.touched = true;
        }
        let n = self.fields.len();
        if n > 0 {
            self.focus = (self.focus as isize + by).rem_euclid(n as isize) as usize;
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.refused = None;
        match self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            Some(Value::Text(input)) => input.insert(text),
            Some(Value::Pick(picker)) => {
                picker.filter.insert(text);
                picker.step(0);
            }
            _ => {}
        }
    }

    pub fn handle(&mut self, key: KeyEvent) -> FormKey {
        // Some terminals send Shift-Tab as Tab with Shift held.
        let back = KeyEvent::new(KeyCode::BackTab, key.modifiers);
        let shifted = key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT);
        match keymap::find(keymap::FORM, if shifted { &back } else { &key }) {
            Some(OnForm::Cancel) => return FormKey::Close,
            Some(OnForm::Save) => return FormKey::Submit,
            Some(OnForm::Previous) => self.move_focus(-1),
            Some(OnForm::Next) => self.move_focus(1),
            Some(OnForm::SameMatter) if self.kind == FormKind::Report => {
                return FormKey::SameMatter;
            }
            Some(OnForm::SameMatter) => return FormKey::Ignored,
            None => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormKey::Ignored;
                };
                let used = match &mut field.value {
                    Value::Text(input) => input.handle(key),
                    Value::Pick(picker) => picker.handle(key),
                    Value::Toggle(on) => {
                        let flip = matches!(
                            key.code,
                            KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right
                        );
                        if flip {
                            *on = !*on;
                        }
                        flip
                    }
                };
                if !used {
                    // Up and down leave a text field or a toggle for the next one.
                    match key.code {
                        KeyCode::Down => self.move_focus(1),
                        KeyCode::Up => self.move_focus(-1),
                        _ => return FormKey::Ignored,
                    }
                } else {
                    field.touched = true;
                    self.refused = None;
                }
            }
        }
        FormKey::Edited
    }
}

impl FormKind {
    /// The form a case key opens.
    pub fn of(does: crate::keymap::Does) -> Option<FormKind> {
        use crate::keymap::Does;
        Some(match does {
            Does::Dispatch => FormKind::Dispatch,
            Does::Arrive => FormKind::Arrive,
            Does::CallUp => FormKind::CallUp,
            Does::Tier => FormKind::Tier,
            Does::Note => FormKind::Note,
            Does::Resolve => FormKind::Resolve,
            Does::Cancel => FormKind::Cancel,
            Does::Reopen => FormKind::Reopen,
            Does::Tell => FormKind::Tell,
            Does::Join => FormKind::Join,
            Does::Split => FormKind::Split,
            _ => return None,
        })
    }
}
