//! Styles. Every stage has a text marker as well as a colour, so it reads on a monochrome
//! screen, for the colour-blind, and under `NO_COLOR` (which drops colours, keeps emphasis).

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Stage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// The Linux console (`TERM=linux`): only the glyphs its font has (see `console`).
    pub console: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            console: std::env::var_os("TERM").is_some_and(|t| t == "linux"),
        }
    }

    pub fn stage(self, stage: Stage) -> Style {
        match (stage, self.color) {
            (Stage::Calm, true) => Style::new().fg(Color::Green),
            (Stage::Warning, true) => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            (Stage::Overdue, true) => Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            (Stage::Calm, false) => Style::new(),
            (Stage::Warning, false) => Style::new().add_modifier(Modifier::BOLD),
            (Stage::Overdue, false) => {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            }
        }
    }

    /// The text marker in front of a countdown.
    pub fn marker(stage: Stage) -> &'static str {
        match stage {
            Stage::Calm => "  ",
            Stage::Warning => "! ",
            Stage::Overdue => "!!",
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// A list's chosen line (forms, roster).
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// The board's selected row over its own style: reversed and bold, so it shows from across
    /// the room and without colour. A row already reversed (overdue without colour) is turned
    /// back and underlined instead, so it still differs from its neighbours.
    pub fn selected_row(self, base: Style) -> Style {
        if base.add_modifier.contains(Modifier::REVERSED) {
            base.remove_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            base.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The DEMO marker: never mistaken for a real desk, with or without colour.
    pub fn demo(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn trouble(self) -> Style {
        self.stage(Stage::Overdue)
    }
}
