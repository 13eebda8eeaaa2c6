//! A bordered panel drawn as ratatui's `Block` draws one, borders and titles only.
//!
//! `Block` first styles every cell inside its area, even with no style to give: on the wall
//! screen's panels that was a fifth of a whole frame's cost, spent on cells the contents then
//! write again. A panel touches only its border and its titles.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{BorderType, Widget};

#[derive(Default)]
pub struct Panel<'a> {
    top: Vec<Line<'a>>,
    bottom: Vec<Line<'a>>,
    border: BorderType,
    border_style: Style,
    title_style: Style,
}

impl<'a> Panel<'a> {
    pub fn new() -> Panel<'a> {
        Panel::default()
    }

    /// A title on the top border, at the line's own alignment (left unless it says).
    pub fn title(mut self, title: impl Into<Line<'a>>) -> Panel<'a> {
        self.top.push(title.into());
        self
    }

    /// A title on the bottom border.
    pub fn title_bottom(mut self, title: impl Into<Line<'a>>) -> Panel<'a> {
        self.bottom.push(title.into());
        self
    }

    pub fn border_type(mut self, border: BorderType) -> Panel<'a> {
        self.border = border;
        self
    }

    pub fn border_style(mut self, style: Style) -> Panel<'a> {
        self.border_style = style;
        self
    }

    pub fn title_style(mut self, style: Style) -> Panel<'a> {
        self.title_style = style;
        self
    }

    /// The area inside the border.
    pub fn inner(&self, area: Rect) -> Rect {
        if area.width < 2 || area.height < 2 {
            return Rect {
                width: 0,
                height: 0,
                ..area
            };
        }
        Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width - 2,
            height: area.height - 2,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let set = self.border.to_border_set();
        let (left, top) = (area.x, area.y);
        let right = area.right() - 1;
        let bottom = area.bottom() - 1;
        let mut put = |x: u16, y: u16, symbol: &str| {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_symbol(symbol).set_style(self.border_style);
            }
        };
        for x in left..=right {
            put(x, top, set.horizontal_top);
            put(x, bottom, set.horizontal_bottom);
        }
        for y in top..=bottom {
            put(left, y, set.vertical_left);
            put(right, y, set.vertical_right);
        }
        put(left, top, set.top_left);
        put(right, top, set.top_right);
        put(left, bottom, set.bottom_left);
        put(right, bottom, set.bottom_right);
        let strip = |y: u16| Rect {
            x: left + 1,
            y,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        self.titles(&self.top, strip(top), buf);
        if bottom > top {
            self.titles(&self.bottom, strip(bottom), buf);
        }
    }

    /// Left titles from the left, then right ones from the right, a space between each, as
    /// `Block` places them (a right title may cover a long left one).
    fn titles(&self, titles: &[Line<'a>], strip: Rect, buf: &mut Buffer) {
        let mut from_left = strip;
        for title in titles
            .iter()
            .filter(|t| t.alignment != Some(Alignment::Right))
        {
            if from_left.is_empty() {
                break;
            }
            let width = u16::try_from(title.width()).unwrap_or(u16::MAX);
            let at = Rect {
                width: width.min(from_left.width),
                ..from_left
            };
            buf.set_style(at, self.title_style);
            title.render(at, buf);
            let advance = width.saturating_add(1);
            from_left.x = from_left.x.saturating_add(advance);
            from_left.width = from_left.width.saturating_sub(advance);
        }
        let mut from_right = strip;
        for title in titles
            .iter()
            .rev()
            .filter(|t| t.alignment == Some(Alignment::Right))
        {
            if from_right.is_empty() {
                break;
            }
            let width = u16::try_from(title.width()).unwrap_or(u16::MAX);
            let at = Rect {
                x: from_right.right().saturating_sub(width).max(from_right.x),
                width: width.min(from_right.width),
                ..from_right
            };
            buf.set_style(at, self.title_style);
            title.render(at, buf);
            from_right.width = from_right.width.saturating_sub(width).saturating_sub(1);
        }
    }
}
