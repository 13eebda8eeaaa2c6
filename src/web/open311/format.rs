//! Open311's two formats from one description of an answer: XML (the specification's base
//! format, which many clients speak only) and JSON, fields in the specification's order. Text
//! a resident or a system supplied is shown as the desk shows it everywhere (controls and bidi
//! overrides visible), so it can neither break an XML parser nor reach a terminal raw.

use axum::http::StatusCode;

use crate::web::cache::Answer;

/// One value of a field.
pub enum Val {
    Text(String),
    /// A number or a boolean, written bare in JSON.
    Bare(String),
    Null,
    /// A list whose items are `item` elements in XML.
    List(&'static str, Vec<Record>),
    /// A list of plain values (`<format>text/xml</format>` …).
    Values(&'static str, Vec<String>),
}

/// Fields in order.
pub type Record = Vec<(&'static str, Val)>;

pub fn text(s: impl Into<String>) -> Val {
    Val::Text(s.into())
}

pub fn opt(s: Option<impl Into<String>>) -> Val {
    s.map_or(Val::Null, |s| Val::Text(s.into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// `services.json` → ("services", Json); no known suffix → the whole, as XML (the base format).
    pub fn split(resource: &str) -> (&str, Format) {
        match resource.rsplit_once('.') {
            Some((name, "json")) => (name, Format::Json),
            Some((name, "xml")) => (name, Format::Xml),
            _ => (resource, Format::Xml),
        }
    }

    /// An answer: a list of `item` records under `root` (XML), or a JSON array.
    pub fn list(self, status: StatusCode, root: &str, item: &str, items: &[Record]) -> Answer {
        let body = match self {
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                out.push_str(&format!("<{root}>"));
                for r in items {
                    xml_record(&mut out, item, r);
                }
                out.push_str(&format!("</{root}>\n"));
                out
            }
            Format::Json => {
                let mut out = String::from("[");
                for (i, r) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_record(&mut out, r);
                }
                out.push_str("]\n");
                out
            }
        };
        self.answer(status, body)
    }

    /// An answer that is one record (`discovery`, a service definition).
    pub fn one(self, root: &str, record: &Record) -> Answer {
        let body = match self {
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                xml_record(&mut out, root, record);
                out.push('\n');
                out
            }
            Format::Json => {
                let mut out = String::new();
                json_record(&mut out, record);
                out.push('\n');
                out
            }
        };
        self.answer(StatusCode::OK, body)
    }

    fn answer(self, status: StatusCode, body: String) -> Answer {
        let kind = match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        };
        Answer {
            status,
            kind,
            body: body.into(),
        }
    }
}

fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::visible_lines(s)
}

fn xml_escaped(out: &mut String, s: &str) {
    for c in shown(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

fn xml_record(out: &mut String, name: &str, record: &Record) {
    out.push_str(&format!("<{name}>"));
    for (field, val) in record {
        xml_val(out, field, val);
    }
    out.push_str(&format!("</{name}>"));
}

fn xml_val(out: &mut String, field: &str, val: &Val) {
    match val {
        Val::Text(s) | Val::Bare(s) => {
            out.push_str(&format!("<{field}>"));
            xml_escaped(out, s);
            out.push_str(&format!("</{field}>"));
        }
        Val::Null => out.push_str(&format!("<{field}/>")),
        Val::List(item, records) => {
            out.push_str(&format!("<{field}>"));
            for r in records {
                xml_record(out, item, r);
            }
            out.push_str(&format!("</{field}>"));
        }
        Val::Values(item, values) => {
            out.push_str(&format!("<{field}>"));
            for v in values {
                out.push_str(&format!("<{item}>"));
                xml_escaped(out, v);
                out.push_str(&format!("</{item}>"));
            }
            out.push_str(&format!("</{field}>"));
        }
    }
}

fn json_string(out: &mut String, s: &str) {
    // serde_json escapes what JSON needs; a string always serialises.
    out.push_str(&serde_json::to_string(&*shown(s)).unwrap_or_else(|_| "\"\"".into()));
}

fn json_record(out: &mut String, record: &Record) {
    out.push('{');
    for (i, (field, val)) in record.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, field);
        out.push(':');
        json_val(out, val);
    }
    out.push('}');
}

fn json_val(out: &mut String, val: &Val) {
    match val {
        Val::Text(s) => json_string(out, s),
        Val::Bare(s) => out.push_str(s),
        Val::Null => out.push_str("null"),
        Val::List(_, records) => {
            out.push('[');
            for (i, r) in records.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_record(out, r);
            }
            out.push(']');
        }
        Val::Values(_, values) => {
            out.push('[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(out, v);
            }
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(a: Answer) -> String {
        String::from_utf8(a.body.to_vec()).expect("utf-8")
    }

    #[test]
    fn both_formats_escape_and_keep_order() {
        let items = vec![vec![
            ("service_request_id", text("20261207-003")),
            ("description", text("<b>&\"灯\"\u{1b}[2J</b>")),
            ("lat", Val::Bare("30.99".into())),
            ("account_id", Val::Null),
        ]];
        let xml = body(Format::Xml.list(StatusCode::OK, "service_requests", "request", &items));
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service_requests><request><service_request_id>20261207-003</service_request_id><description>&lt;b&gt;&amp;&quot;灯&quot;␛[2J&lt;/b&gt;</description><lat>30.99</lat><account_id/></request></service_requests>\n"
        );
        let json = body(Format::Json.list(StatusCode::OK, "service_requests", "request", &items));
        assert_eq!(
            json,
            "[{\"service_request_id\":\"20261207-003\",\"description\":\"<b>&\\\"灯\\\"␛[2J</b>\",\"lat\":30.99,\"account_id\":null}]\n"
        );
    }

    #[test]
    fn the_suffix_chooses_the_format() {
        assert_eq!(Format::split("services.json"), ("services", Format::Json));
        assert_eq!(
            Format::split("facility.streetlight.xml"),
            ("facility.streetlight", Format::Xml)
        );
        assert_eq!(Format::split("discovery"), ("discovery", Format::Xml));
    }
}
