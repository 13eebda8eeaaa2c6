//! Checks of codes and names against the catalog and the roster, before anything reaches the
//! store: a category as the form takes it, a grid, a responder.

use crate::catalog::{Catalog, Kind, KindMiss, Responder};
use crate::domain::lifecycle::Problem;
use crate::store::{Store, StoreError};

use super::errors::bad;
use super::{Desk, DeskError};

/// The kind a category as typed names (code, either name, or a piece only it has); a typed
/// category that names none, or several, is bad input that names the fix.
pub fn find_category<'c>(catalog: &'c Catalog, typed: &str) -> Result<&'c Kind, DeskError> {
    catalog.find_kind(typed).map_err(|miss| {
        let typed = typed.to_string();
        let problem = match miss {
            KindMiss::Several(matches) => Problem::SeveralCategories { typed, matches },
            KindMiss::Unknown(nearest) => Problem::UnknownCategory { typed, nearest },
        };
        bad("category", problem)
    })
}

/// The tier a category suggests; an unknown category is bad input that names the fix.
pub fn suggested_tier(catalog: &Catalog, category: &str) -> Result<crate::domain::Tier, DeskError> {
    find_category(catalog, category).map(|k| k.tier)
}

pub fn check_grid(catalog: &Catalog, grid: u8) -> Result<(), DeskError> {
    if catalog.grid(grid).is_some() {
        return Ok(());
    }
    let allowed = catalog.grids.iter().map(|g| g.number).collect();
    Err(bad("grid", Problem::NoSuchGrid { grid, allowed }))
}

/// What can be known of a responder before the database exists: a new one starts with the
/// catalog's roster.
pub fn check_new_responder(responder: &Responder, catalog: &Catalog) -> Result<(), DeskError> {
    check_name(&responder.name)?;
    if let Some(grid) = responder.grid {
        check_grid(catalog, grid)?;
    }
    if let Some(phone) = &responder.phone {
        crate::domain::lifecycle::check_phone(phone).map_err(StoreError::from)?;
    }
    if catalog.roster.iter().any(|r| r.name == responder.name) {
        return Err(DeskError::Store(StoreError::Invalid {
            field: "name",
            problem: Problem::AlreadyOnRoster(responder.name.clone()),
        }));
    }
    Ok(())
}

pub(super) fn check_name(name: &str) -> Result<(), DeskError> {
    let max = crate::domain::lifecycle::longest("name");
    if name.trim().is_empty() {
        Err(bad("name", Problem::Empty))
    } else if name.chars().count() > max {
        Err(bad("name", Problem::TooLong { max }))
    } else {
        Ok(())
    }
}

impl Desk {
    /// The tier the category suggests; an unknown category is bad input that names the fix.
    pub fn suggested_tier(&self, category: &str) -> Result<crate::domain::Tier, DeskError> {
        suggested_tier(&self.catalog, category)
    }

    pub fn check_grid(&self, grid: u8) -> Result<(), DeskError> {
        check_grid(&self.catalog, grid)
    }

    pub(super) async fn check_responder(&self, name: &str) -> Result<(), DeskError> {
        let roster = self.store.responders().await?;
        if roster.iter().any(|r| r.name == name) {
            return Ok(());
        }
        Err(bad("responder", Problem::NotOnRoster(name.to_string())))
    }
}
