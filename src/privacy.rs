//! Masking personal data (reporter name, phone) for the wall screen and public output.

/// `13812345678` → `138****5678`: the first 3 and last 4 digits stay, so a caller can be
/// recognised without the number being readable across the room.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    let keep_head = if n >= 11 { 3 } else { (n - 4).min(2) };
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[n - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(n - 4 - keep_head))
}

/// `张三丰` → `张**`, `Li Wei` → `L*****`: the first character stays.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count())),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_head_and_tail() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("02887170701"), "028****0701");
        assert_eq!(mask_phone("8765432"), "87*5432");
        assert_eq!(mask_phone("1234"), "****");
    }

    #[test]
    fn names_keep_the_first_character() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("Li Wei"), "L*****");
        assert_eq!(mask_name(""), "");
    }
}
