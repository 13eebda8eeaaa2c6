//! The codes the desk accepts: categories, grids and their map, bodies to call up, the example
//! roster. Embedded in the binary; the config may point at replacement files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{Role, Tier};
use crate::tomlfile::{self, FileError};

const CATEGORIES: &str = include_str!("../assets/categories.toml");
const GRIDS: &str = include_str!("../assets/grids.toml");
const BODIES: &str = include_str!("../assets/bodies.toml");
const ROSTER: &str = include_str!("../assets/roster.toml");

/// A name in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryGroup {
    pub code: String,
    #[serde(flatten)]
    pub names: Names,
    pub kinds: Vec<Kind>,
}

/// One of the 43 kinds; `code` is the full `group.kind` after loading.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub code: String,
    #[serde(flatten)]
    pub names: Names,
    pub tier: Tier,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub columns: u16,
    pub rows: u16,
    pub north: Names,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapCell {
    pub column: u16,
    pub row: u16,
    pub width: u16,
    pub height: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub number: u8,
    #[serde(flatten)]
    pub names: Names,
    #[serde(default)]
    pub landmarks: Vec<String>,
    pub map: MapCell,
    /// The grids that share a border with this one.
    #[serde(default)]
    pub adjacent: Vec<u8>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub code: String,
    #[serde(flatten)]
    pub names: Names,
}

/// A person or team who can go to a case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Responder {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub grid: Option<u8>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default = "on_duty_default")]
    pub on_duty: bool,
}

fn on_duty_default() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    group: Vec<CategoryGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GridsFile {
    plan: Plan,
    grid: Vec<Grid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodiesFile {
    body: Vec<Body>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterFile {
    responder: Vec<Responder>,
}

/// Why a typed category found no kind: it matched several (their codes), or none (the
/// nearest codes, perhaps none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindMiss {
    Several(Vec<String>),
    Unknown(Vec<String>),
}

/// Where to read each asset from; `None` means the embedded default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetPaths {
    pub categories: Option<PathBuf>,
    pub grids: Option<PathBuf>,
    pub roster: Option<PathBuf>,
    pub bodies: Option<PathBuf>,
    /// The demo's scenario (`dutydesk demo`).
    pub demo: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub groups: Vec<CategoryGroup>,
    pub plan: Plan,
    pub grids: Vec<Grid>,
    pub bodies: Vec<Body>,
    pub roster: Vec<Responder>,
}

fn read<T: serde::de::DeserializeOwned>(
    path: &Option<PathBuf>,
    embedded_name: &str,
    embedded: &str,
) -> Result<(T, PathBuf, String), FileError> {
    match path {
        Some(p) => {
            let (value, text) = tomlfile::load(p)?;
            Ok((value, p.clone(), text))
        }
        None => {
            let name = PathBuf::from(format!("(built-in) assets/{embedded_name}"));
            Ok((
                tomlfile::parse(&name, embedded)?,
                name,
                embedded.to_string(),
            ))
        }
    }
}

impl Catalog {
    /// The catalog built into the binary.
    pub fn embedded() -> Catalog {
        Catalog::load(&AssetPaths::default()).expect("the embedded assets are checked by tests")
    }

    pub fn load(paths: &AssetPaths) -> Result<Catalog, FileError> {
        let (categories, file, text): (CategoriesFile, _, _) =
            read(&paths.categories, "categories.toml", CATEGORIES)?;
        let groups = check_categories(categories.group, &file, &text)?;
        let (grids, file, text): (GridsFile, _, _) = read(&paths.grids, "grids.toml", GRIDS)?;
        check_grids(&grids, &file, &text)?;
        let (bodies, file, text): (BodiesFile, _, _) = read(&paths.bodies, "bodies.toml", BODIES)?;
        check_unique(
            bodies.body.iter().map(|b| b.code.as_str()),
            &file,
            &text,
            "body",
        )?;
        let (roster, file, text): (RosterFile, _, _) = read(&paths.roster, "roster.toml", ROSTER)?;
        check_unique(
            roster.responder.iter().map(|r| r.name.as_str()),
            &file,
            &text,
            "responder",
        )?;
        for r in &roster.responder {
            if let Some(g) = r.grid
                && !grids.grid.iter().any(|grid| grid.number == g)
            {
                return Err(FileError::new(
                    &file,
                    None,
                    format!("responder {}: grid {g} is not one of the grids", r.name),
                ));
            }
        }
        Ok(Catalog {
            groups,
            plan: grids.plan,
            grids: grids.grid,
            bodies: bodies.body,
            roster: roster.responder,
        })
    }

    pub fn kinds(&self) -> impl Iterator<Item = &Kind> {
        self.groups.iter().flat_map(|g| g.kinds.iter())
    }

    pub fn kind(&self, code: &str) -> Option<&Kind> {
        self.kinds().find(|k| k.code == code)
    }

    /// The kind a person typed, as the report form finds it: its code, its name in either
    /// language, or a piece of those that only one kind has. Otherwise the kinds it could be
    /// (several matched), or the nearest codes (none did: a typing slip).
    pub fn find_kind(&self, typed: &str) -> Result<&Kind, KindMiss> {
        let typed = typed.trim();
        let needle = typed.to_lowercase();
        if let Some(kind) = self.kinds().find(|k| {
            k.code == typed
                || k.names.zh == typed
                || k.names.en.to_lowercase() == needle
                || k.code
                    .split_once('.')
                    .is_some_and(|(_, kind)| kind == needle)
        }) {
            return Ok(kind);
        }
        let matching: Vec<&Kind> = if needle.is_empty() {
            Vec::new()
        } else {
            self.kinds()
                .filter(|k| {
                    format!("{} {} {}", k.code, k.names.en, k.names.zh)
                        .to_lowercase()
                        .contains(&needle)
                })
                .collect()
        };
        match matching.as_slice() {
            [one] => Ok(one),
            [] => {
                let mut near: Vec<(usize, &str)> = self
                    .kinds()
                    .filter_map(|k| {
                        let kind = k.code.split_once('.').map_or(k.code.as_str(), |(_, k)| k);
                        let distance = [k.code.as_str(), kind, k.names.en.as_str()]
                            .iter()
                            .map(|c| edit_distance(&needle, &c.to_lowercase()))
                            .min()?;
                        (distance <= (needle.chars().count() / 3).max(2))
                            .then_some((distance, k.code.as_str()))
                    })
                    .collect();
                near.sort();
                Err(KindMiss::Unknown(
                    near.into_iter()
                        .take(3)
                        .map(|(_, c)| c.to_string())
                        .collect(),
                ))
            }
            several => Err(KindMiss::Several(
                several.iter().map(|k| k.code.clone()).collect(),
            )),
        }
    }

    /// The grids beside each grid, for the suggestion of whom to send.
    pub fn neighbours(&self) -> crate::domain::recommend::Neighbours {
        crate::domain::recommend::Neighbours(
            self.grids
                .iter()
                .map(|g| (g.number, g.adjacent.clone()))
                .collect(),
        )
    }

    pub fn grid(&self, number: u8) -> Option<&Grid> {
        self.grids.iter().find(|g| g.number == number)
    }

    pub fn body(&self, code: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.code == code)
    }
}

/// How many single-character edits turn `a` into `b` (Levenshtein), for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn check_categories(
    mut groups: Vec<CategoryGroup>,
    file: &Path,
    text: &str,
) -> Result<Vec<CategoryGroup>, FileError> {
    for group in &mut groups {
        for kind in &mut group.kinds {
            if kind.code.contains('.') {
                return Err(FileError::at_key(
                    file,
                    text,
                    "kinds",
                    format!("kind `{}`: write the code without its group", kind.code),
                ));
            }
            kind.code = format!("{}.{}", group.code, kind.code);
        }
    }
    check_unique(
        groups
            .iter()
            .flat_map(|g| g.kinds.iter().map(|k| k.code.as_str())),
        file,
        text,
        "category",
    )?;
    Ok(groups)
}

fn check_grids(grids: &GridsFile, file: &Path, text: &str) -> Result<(), FileError> {
    let numbers: Vec<String> = grids.grid.iter().map(|g| g.number.to_string()).collect();
    check_unique(
        numbers.iter().map(String::as_str),
        file,
        text,
        "grid number",
    )?;
    for g in &grids.grid {
        let m = g.map;
        if g.number == 0 {
            return Err(FileError::at_key(
                file,
                text,
                "number",
                "grid numbers start at 1",
            ));
        }
        if m.width == 0
            || m.height == 0
            || m.column + m.width > grids.plan.columns
            || m.row + m.height > grids.plan.rows
        {
            return Err(FileError::new(
                file,
                None,
                format!(
                    "grid {}: its map cell lies outside the {}x{} plan",
                    g.number, grids.plan.columns, grids.plan.rows
                ),
            ));
        }
    }
    for g in &grids.grid {
        for &n in &g.adjacent {
            let other = grids.grid.iter().find(|o| o.number == n);
            let why = match other {
                None => Some(format!(
                    "grid {}: adjacent grid {n} is not a grid of the file",
                    g.number
                )),
                Some(o) if !o.adjacent.contains(&g.number) => Some(format!(
                    "grid {}: adjacent to {n}, but grid {n} does not list {}; list each border on both grids",
                    g.number, g.number
                )),
                Some(_) if n == g.number => {
                    Some(format!("grid {n}: a grid is not adjacent to itself"))
                }
                Some(_) => None,
            };
            if let Some(why) = why {
                return Err(FileError::at_key(file, text, "adjacent", &why));
            }
        }
    }
    Ok(())
}

fn check_unique<'a>(
    codes: impl Iterator<Item = &'a str>,
    file: &Path,
    text: &str,
    what: &str,
) -> Result<(), FileError> {
    let mut seen = HashSet::new();
    for code in codes {
        if !seen.insert(code) {
            let line = text.lines().position(|l| l.contains(code)).map(|i| i + 1);
            return Err(FileError::new(
                file,
                line,
                format!("{what} `{code}` appears twice; each must be unique"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped borders are the map's: two grids are adjacent exactly when their cells on
    /// the plan share an edge.
    #[test]
    fn the_shipped_borders_are_the_maps() {
        let catalog = Catalog::load(&AssetPaths::default()).expect("the shipped assets");
        let touch = |a: &MapCell, b: &MapCell| {
            let overlap = |a0: u16, a1: u16, b0: u16, b1: u16| a0 < b1 && b0 < a1;
            let side = (a.column + a.width == b.column || b.column + b.width == a.column)
                && overlap(a.row, a.row + a.height, b.row, b.row + b.height);
            let above = (a.row + a.height == b.row || b.row + b.height == a.row)
                && overlap(a.column, a.column + a.width, b.column, b.column + b.width);
            side || above
        };
        for g in &catalog.grids {
            let mut want: Vec<u8> = catalog
                .grids
                .iter()
                .filter(|o| o.number != g.number && touch(&g.map, &o.map))
                .map(|o| o.number)
                .collect();
            want.sort_unstable();
            let mut have = g.adjacent.clone();
            have.sort_unstable();
            assert_eq!(have, want, "grid {}", g.number);
        }
        assert_eq!(catalog.neighbours().hops(3, 7), Some(2));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("streetlite", "streetlight"), 3);
        assert_eq!(edit_distance("streetlght", "streetlight"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("路灯", "路灯不亮"), 2);
    }

    #[test]
    fn embedded_assets_have_10_categories_43_kinds_7_grids() {
        let c = Catalog::embedded();
        assert_eq!(c.groups.len(), 10);
        assert_eq!(c.kinds().count(), 43);
        assert_eq!(c.grids.len(), 7);
        assert!(c.kind("facility.fitness_equipment").is_some());
        assert!(c.kind("fire.hydrant_pipe_burst").is_some());
        assert!(c.body("subdistrict_office").is_some());
        assert!(
            c.roster
                .iter()
                .filter(|r| r.role == Role::GridWorker)
                .count()
                >= 7
        );
    }
}
