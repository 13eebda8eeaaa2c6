//! The Linux console (`TERM=linux`): 16 colours and the glyphs of its font (ASCII, the line
//! and block characters of the old PC set). After each paint the board's other glyphs are put
//! in the console's own: `▶` `>`, `✓` `+`, `✗` `x`, arrows `^ v`, `…` `~`, heavy lines as
//! light ones, the big clock's quarter blocks as whole or half blocks.

use ratatui::buffer::Buffer;

/// What the console font has: ASCII, and these.
const HAS: &str = "─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬█▀▄▌▐░▒▓·";

/// A glyph the console can draw in place of `symbol`.
fn console(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "▶" | "►" | "→" => ">",
        "◀" | "←" => "<",
        "✓" | "✔" => "+",
        "✗" | "✘" => "x",
        "↑" => "^",
        "↓" => "v",
        "…" => "~",
        "━" | "┄" | "┅" | "┈" | "┉" | "╌" | "╍" => "─",
        "┃" | "┆" | "┇" | "┊" | "┋" | "╎" | "╏" => "│",
        "╭" => "┌",
        "╮" => "┐",
        "╯" => "┘",
        "╰" => "└",
        "•" | "●" | "◆" | "○" => "·",
        "×" => "x",
        "—" | "–" => "-",
        "┏" => "┌",
        "┓" => "┐",
        "┗" => "└",
        "┛" => "┘",
        "┣" => "├",
        "┫" => "┤",
        "┳" => "┬",
        "┻" => "┴",
        "╋" => "┼",
        "▘" | "▝" | "▀" => "▀",
        "▖" | "▗" | "▄" => "▄",
        "▌" => "▌",
        "▐" => "▐",
        "▙" | "▛" | "▜" | "▟" | "▚" | "▞" => "█",
        "▁" | "▂" | "▃" => "▄",
        "▅" | "▆" | "▇" => "█",
        "′" => "'",
        _ => return None,
    })
}

/// Whether the console font draws `symbol`.
pub fn drawable(symbol: &str) -> bool {
    symbol.is_ascii() || symbol.chars().all(|c| HAS.contains(c))
}

/// Puts every cell of `buf` in glyphs the console has.
pub fn fit(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if let Some(plain) = console(cell.symbol()) {
                cell.set_symbol(plain);
            }
        }
    }
}
