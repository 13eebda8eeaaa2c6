//! The house's shape, checked: no module of `src/` uses another that uses it back (directly
//! or round a longer circle), between the top-level modules and between the files of `app/`;
//! every source file opens with a `//!` line saying what it is for. A test module (after a
//! file's `#[cfg(test)]`) may set up with anything and is not counted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The code of a file before its tests, comments left out.
fn code(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("a source file")
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(|l| l.split("//").next().unwrap_or_default().to_string())
        .collect()
}

/// The names following each `prefix` in `line`.
fn named_after<'a>(line: &'a str, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
    line.match_indices(prefix).map(move |(at, _)| {
        line[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect()
    })
}

/// The groups of modules that reach each other (Tarjan's strongly connected components).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        found: Vec<Vec<String>>,
    }
    fn visit(w: &mut Walk, v: &str) {
        let i = w.index.len();
        w.index.insert(v.to_string(), i);
        w.low.insert(v.to_string(), i);
        w.stack.push(v.to_string());
        for next in w.edges.get(v).into_iter().flatten() {
            if !w.index.contains_key(next) {
                visit(w, next);
                let low = w.low[v].min(w.low[next]);
                w.low.insert(v.to_string(), low);
            } else if w.stack.contains(next) {
                let low = w.low[v].min(w.index[next]);
                w.low.insert(v.to_string(), low);
            }
        }
        if w.low[v] == w.index[v] {
            let at = w.stack.iter().rposition(|x| x == v).expect("on the stack");
            let group = w.stack.split_off(at);
            if group.len() > 1 {
                w.found.push(group);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v) {
            visit(&mut walk, v);
        }
    }
    walk.found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_top_level_module_uses_one_that_uses_it_back() {
    let root = src();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(&root) {
        let rel = path.strip_prefix(&root).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|t| t.trim_end_matches(".rs").to_string())
            .expect("a name");
        if ["main", "lib", "build"].contains(&top.as_str()) {
            continue;
        }
        for line in code(&path) {
            for used in named_after(&line, "crate::") {
                if used != top {
                    edges.entry(top.clone()).or_default().insert(used);
                }
            }
        }
    }
    assert!(edges.len() > 10, "the modules were read: {edges:?}");
    assert_eq!(circles(&edges), Vec::<Vec<String>>::new(), "{edges:#?}");
}

#[test]
fn no_file_of_app_uses_one_that_uses_it_back() {
    let dir = src().join("app");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(&dir) {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a name")
            .to_string();
        if path.parent() != Some(dir.as_path()) || name == "mod" {
            continue;
        }
        for line in code(&path) {
            for used in named_after(&line, "super::").chain(named_after(&line, "crate::app::")) {
                if used != name && !used.is_empty() {
                    edges.entry(name.clone()).or_default().insert(used);
                }
            }
        }
    }
    assert!(edges.contains_key("update"), "app's files were read");
    assert_eq!(circles(&edges), Vec::<Vec<String>>::new(), "{edges:#?}");
}

#[test]
fn every_source_file_says_what_it_is_for() {
    for path in sources(&src()) {
        let text = std::fs::read_to_string(&path).expect("a source file");
        assert!(
            text.starts_with("//!") || text.starts_with("// "),
            "{} opens without a line saying what it is for",
            path.display()
        );
    }
}

/// The checks above find a circle when there is one.
#[test]
fn a_circle_is_found() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [
        ("cli", "demo"),
        ("demo", "when"),
        ("when", "cli"),
        ("cli", "desk"),
    ] {
        edges.entry(a.into()).or_default().insert(b.into());
    }
    let found = circles(&edges);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].len(), 3);
}
