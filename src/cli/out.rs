//! Everything the command line prints goes through here: hostile text from case data or files
//! is shown visibly, never obeyed by the terminal; a reader that left (`| head`) ends the command
//! quietly; a stdout that cannot be written (closed, disk full) is a failure that says so.

use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::sync::atomic::{AtomicBool, Ordering};

use super::failure::{Failure, failed};
use crate::text::{hostile, visible_lines};

/// What went wrong writing to standard output.
#[derive(Debug)]
pub enum Unwritten {
    /// The reader went away (a broken pipe): nothing more to say, and not a failure.
    ReaderLeft,
    /// Closed, full, or failing: the output was lost.
    Failed(std::io::Error),
}

impl From<Unwritten> for Failure {
    fn from(e: Unwritten) -> Failure {
        match e {
            Unwritten::ReaderLeft => Failure::quiet(),
            Unwritten::Failed(e) => failed(format!("cannot write to standard output: {e}"))
                .zh(format!("无法写入标准输出：{e}")),
        }
    }
}

/// Writes `text` to standard output as it is (its lines are the program's own), with every
/// hostile character in it shown visibly.
pub fn print(text: &str) -> Result<(), Unwritten> {
    write_fd(1, visible_lines(text).as_bytes())
}

/// A document for another program (an export piped on): its bytes as they are when standard
/// output is not a terminal; on a terminal, shown as `print` shows text.
pub fn document(bytes: &[u8]) -> Result<(), Unwritten> {
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        print(&String::from_utf8_lossy(bytes))
    } else {
        write_fd(1, bytes)
    }
}

/// `print` with a line break after.
pub fn println(text: &str) -> Result<(), Unwritten> {
    print(&format!("{text}\n"))
}

/// JSON for scripts: every instant in the desk's zone (as `show --json` writes them), and the
/// escapes serde_json leaves out (DEL, C1 controls, bidi overrides) added, so not one byte of
/// it acts on a terminal it is shown in.
pub fn json(value: &impl serde::Serialize, zone: chrono_tz::Tz) -> Result<(), Failure> {
    let mut value = serde_json::to_value(value).map_err(failed)?;
    in_zone(&mut value, zone, false);
    let text = serde_json::to_string_pretty(&value).map_err(failed)?;
    Ok(print(&format!("{}\n", json_escaped(&text)))?)
}

/// Rewrites the instants of `value` (the strings under a key `at` or ending `_at`, and
/// `last_public_note`: the desk names every instant so, and no text a person typed) in
/// `zone`, to the second.
fn in_zone(value: &mut serde_json::Value, zone: chrono_tz::Tz, instant: bool) {
    use serde_json::Value;
    match value {
        Value::String(text) if instant => {
            if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
                *text = at
                    .with_timezone(&zone)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| in_zone(v, zone, instant)),
        Value::Object(fields) => {
            for (key, v) in fields.iter_mut() {
                let instant = key == "at" || key.ends_with("_at") || key == "last_public_note";
                in_zone(v, zone, instant);
            }
        }
        _ => {}
    }
}

/// Escapes, as `\uXXXX`, the characters serde_json writes raw but a terminal would obey. They
/// can only stand inside strings, where the escape means the same character.
pub fn json_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && hostile(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Standard output was closed when the program started (`>&-`): Rust's runtime puts
/// `/dev/null` there before `main`, so printing into it would "succeed" and a case number go
/// nowhere without a word. The binary looks before the runtime does (an ELF constructor, see
/// `main.rs`) and says so here.
pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Called by the binary's constructor, before Rust's runtime starts: notes whether standard
/// output is open at all.
pub fn note_standard_output() {
    // SAFETY: F_GETFD only asks whether the descriptor is open.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// One `write_all` straight to the descriptor: the standard library's stdout treats a closed
/// descriptor as success, which would let `report >&-` lose the case number without a word.
fn write_fd(fd: i32, bytes: &[u8]) -> Result<(), Unwritten> {
    if fd == 1 && STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(Unwritten::Failed(std::io::Error::from_raw_os_error(
            libc::EBADF,
        )));
    }
    // SAFETY: the descriptor is borrowed for this call only and never closed (ManuallyDrop);
    // if it is not open, the write fails with EBADF, which is what is wanted.
    let mut file = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    match file.write_all(bytes).and_then(|()| file.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Unwritten::ReaderLeft),
        Err(e) => Err(Unwritten::Failed(e)),
    }
}

/// An error message on standard error, shown visibly; a standard error that cannot be written
/// leaves nothing to tell.
pub fn error(text: &str) {
    let _ = write_fd(2, format!("dutydesk: {}\n", visible_lines(text)).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_a_terminal_would_obey_and_stays_json() {
        let value = serde_json::json!({ "place": "P\u{1b}]0;x\u{7}\u{9b}2J\u{202e}X\u{7f}" });
        let text = json_escaped(&serde_json::to_string(&value).expect("json"));
        assert!(!text.chars().any(hostile), "{text:?}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value, "the same text once parsed");
    }
}
