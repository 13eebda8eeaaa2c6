//! Why a command failed: its exit code (2 for bad input, 1 for anything else, 0 when the
//! reader of the output went away) and its reason, kept typed until the end so it is said in
//! the officer's language with times in the desk's zone, as the dashboard says it.

use std::fmt::Display;

use crate::desk::DeskError;
use crate::desk::said::{self as errors, Voice};
use crate::i18n::Lang;

pub struct Failure {
    pub code: u8,
    reason: Reason,
}

enum Reason {
    /// Nothing to say and nothing wrong.
    Quiet,
    Desk(DeskError),
    /// The command line's own words: English, and Chinese where given (else the field's name
    /// in Chinese before the English).
    Said {
        field: Option<String>,
        en: String,
        zh: Option<String>,
    },
}

impl Failure {
    /// The reader of the output went away: nothing to say, and not a failure.
    pub fn quiet() -> Failure {
        Failure {
            code: 0,
            reason: Reason::Quiet,
        }
    }

    /// The reason in words of `voice`.
    pub fn said(&self, voice: Voice) -> String {
        match &self.reason {
            Reason::Quiet => String::new(),
            Reason::Desk(e) => errors::desk(voice, e),
            Reason::Said { field, en, zh } => match (voice.lang, field, zh) {
                (Lang::Zh, Some(field), Some(zh)) => format!("{}：{zh}", errors::field(field)),
                (Lang::Zh, None, Some(zh)) => zh.clone(),
                (Lang::Zh, Some(field), None) => format!("{}：{en}", errors::field(field)),
                (_, Some(field), _) => format!("{field}: {en}"),
                (_, None, _) => en.clone(),
            },
        }
    }

    /// The same failure with its Chinese words.
    pub fn zh(mut self, words: impl Display) -> Failure {
        if let Reason::Said { zh, .. } = &mut self.reason {
            *zh = Some(words.to_string());
        }
        self
    }
}

impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Self {
        Failure {
            code: if e.is_bad_input() { 2 } else { 1 },
            reason: Reason::Desk(e),
        }
    }
}

/// Bad input in `field` (exit 2): what is wrong and the fix, in English.
pub fn bad_input(field: &str, problem: impl Display) -> Failure {
    Failure {
        code: 2,
        reason: Reason::Said {
            field: Some(field.to_string()),
            en: problem.to_string(),
            zh: None,
        },
    }
}

/// A time, date or duration in `field` that could not be read (exit 2), in both languages.
pub fn unreadable(field: &str, e: crate::when::Unparsed) -> Failure {
    bad_input(field, e.en).zh(e.zh)
}

/// Anything else that stopped the command (exit 1), in English.
pub fn failed(problem: impl Display) -> Failure {
    Failure {
        code: 1,
        reason: Reason::Said {
            field: None,
            en: problem.to_string(),
            zh: None,
        },
    }
}
