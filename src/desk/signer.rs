//! Who signs a desk's records: the officer the last recorded handover named, else the
//! config's (or the login's). A handover changes who signs at once, on the dashboard and on
//! every command run after it: the audit trail never blames the shift that went home.

use crate::store::Store;

use super::{Desk, DeskError};

/// Who signs this desk's records: the officer the last recorded handover named, else the
/// config's (or the login's). A handover changes who signs at once, on the dashboard and on
/// every command run after it: the audit trail never blames the shift that went home.
#[derive(Debug, Clone)]
pub(super) struct Signer {
    pub(super) officer: Option<String>,
    /// The demo's simulated colleagues sign as themselves, whatever was handed over.
    pub(super) pinned: bool,
}

impl Desk {
    fn signer(&self) -> Signer {
        self.signer
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    pub(super) fn sign_as(&self, officer: &str) {
        let mut signer = self
            .signer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !signer.pinned {
            signer.officer = Some(officer.to_string());
        }
    }

    /// The officer on duty, if anyone is named: the last handover's, else the config's.
    pub fn officer(&self) -> Option<String> {
        self.signer().officer
    }

    /// The name this desk's records are signed with now.
    pub fn actor(&self) -> String {
        self.officer().unwrap_or_else(|| "duty desk".to_string())
    }

    /// Takes in the last recorded handover (this desk's, or another desk's of the same
    /// community): whoever it named signs from now on. Gives the officer on duty.
    pub async fn settle_officer(&self) -> Result<Option<String>, DeskError> {
        if let Some(shift) = self.store.last_handover().await? {
            self.sign_as(&shift.to);
        }
        Ok(self.officer())
    }

    /// The same desk signing its events as `actor` (the demo's simulator signs "demo").
    pub fn with_actor(self, actor: &str) -> Self {
        if let Ok(mut signer) = self.signer.lock() {
            *signer = Signer {
                officer: Some(actor.to_string()),
                pinned: true,
            };
        }
        self
    }
}
