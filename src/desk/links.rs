//! Links to a case for people away from the desk: 128 random bits, given out once and kept
//! only as their SHA-256, so neither the database nor its backups open a case to anyone.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{Desk, DeskError, bad};
use crate::domain::lifecycle::Problem;
use crate::domain::links::{Link, usable};
use crate::domain::{Action, Case, LinkRole};
use crate::store::{Change, LinkMark, Store, StoreError};

/// A token's length in a link: 16 bytes in unpadded base64url.
const TOKEN_CHARS: usize = 22;

/// The hash a token is kept under; `None` for anything that cannot be a token (it then gets
/// the same answer as an unknown one, without a read).
pub fn hash(token: &str) -> Option<String> {
    let decoded = URL_SAFE_NO_PAD.decode(token).ok()?;
    if token.len() != TOKEN_CHARS || decoded.len() != 16 {
        return None;
    }
    let digest = Sha256::digest(token.as_bytes());
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

fn new_token() -> Result<String, DeskError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        DeskError::Store(StoreError::Shared(format!(
            "the system's random source failed ({e}); no link was made"
        )))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A dispatch's link and what `on_dispatch` is told of it: all it needs to be told later, on a
/// task of its own, away from the desk.
#[derive(Debug, Clone)]
pub struct DispatchLink {
    pub url: String,
    pub env: Vec<(&'static str, String)>,
    /// `serve.on_dispatch` (empty: none), and how long it may run.
    command: Vec<String>,
    limit: std::time::Duration,
}

impl DispatchLink {
    /// Runs `serve.on_dispatch` with the link in its environment; says what went wrong.
    pub async fn tell(&self) -> Result<(), String> {
        crate::notice::run_program(&self.command, &self.env, self.limit, "on_dispatch").await
    }
}

/// A link found by its token: the link, its case, and the hash it is kept under.
#[derive(Debug, Clone)]
pub struct Opened {
    pub link: Link,
    pub case: Case,
    pub hash: String,
    /// The case a joined report is followed in (the same matter): its reporter reads that
    /// case's progress and notes, and gives a verdict once it is resolved.
    pub problem: Option<Case>,
}

impl Opened {
    /// The case whose progress the link's holder follows.
    pub fn followed(&self) -> &Case {
        self.problem.as_ref().unwrap_or(&self.case)
    }
}

impl Desk {
    /// Makes a link to case `number` for its responder (who must have been sent) or its
    /// reporter; gives the token, which is never shown again.
    pub async fn make_link(
        &self,
        number: &str,
        role: LinkRole,
        now: DateTime<Utc>,
    ) -> Result<String, DeskError> {
        let case = self.store.case(number).await?;
        let person = match role {
            LinkRole::Responder => Some(case.responder.clone().ok_or_else(|| {
                bad(
                    "case",
                    Problem::Argument(format!(
                        "{number} has nobody sent yet: dispatch someone first (`dutydesk dispatch {number} --to NAME`)"
                    )),
                )
            })?),
            LinkRole::Reporter => None,
        };
        if !usable(&case, self.link_days(), now) {
            return Err(bad(
                "case",
                Problem::Argument(format!(
                    "{number} closed more than {} days ago: its links no longer work",
                    self.link_days()
                )),
            ));
        }
        let token = new_token()?;
        let link = Link {
            case: case.number.clone(),
            role,
            person,
            made_at: now,
            departed_at: None,
            help_at: None,
        };
        let hash = hash(&token).ok_or_else(|| {
            DeskError::Store(StoreError::Shared("a new token did not read back".into()))
        })?;
        self.store.add_link(&hash, &link).await?;
        Ok(token)
    }

    /// The link a token opens, if it opens one that still works at `now`.
    pub async fn open_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Opened>, DeskError> {
        let Some(hash) = hash(token) else {
            return Ok(None);
        };
        let Some(link) = self.store.link_by_hash(&hash).await? else {
            return Ok(None);
        };
        let case = match self.store.case(&link.case).await {
            Ok(case) => case,
            Err(StoreError::NoSuchCase(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let problem = match &case.joined {
            Some(joined) => match self.store.case(&joined.into).await {
                Ok(problem) => Some(problem),
                Err(StoreError::NoSuchCase(_)) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        let followed = problem.as_ref().unwrap_or(&case);
        if !usable(followed, self.link_days(), now) {
            return Ok(None);
        }
        Ok(Some(Opened {
            link,
            case,
            hash,
            problem,
        }))
    }

    /// Records a responder's tap on their link; gives whether it was news.
    pub async fn mark_link(
        &self,
        hash: &str,
        mark: LinkMark,
        now: DateTime<Utc>,
    ) -> Result<bool, DeskError> {
        Ok(self.store.mark_link(hash, mark, now).await?)
    }

    /// A change made by someone away from the desk, signed with who it was (`张丽 (phone)`),
    /// not the officer on duty.
    pub async fn act_as(
        &self,
        actor: &str,
        number: &str,
        action: &Action,
        now: DateTime<Utc>,
    ) -> Result<Change, DeskError> {
        Ok(self
            .store
            .act(number, action, now, actor, now, &self.config.rules())
            .await?)
    }

    /// After a dispatch of `number`, on a desk that gives links: the responder's link, made
    /// now (None on a desk without `serve.public_url`). The `on_dispatch` program's details
    /// come with it, for the caller to run without holding up the desk.
    pub async fn link_dispatch(
        &self,
        number: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DispatchLink>, DeskError> {
        if !self.config.serve.gives_links() {
            return Ok(None);
        }
        let token = self.make_link(number, LinkRole::Responder, now).await?;
        let url = self.link_url(LinkRole::Responder, &token);
        let case = self.store.case(number).await?;
        let responder = case.responder.clone().unwrap_or_default();
        let phone = self
            .store
            .responders()
            .await?
            .into_iter()
            .find(|r| r.name == responder)
            .and_then(|r| r.phone)
            .unwrap_or_default();
        let env = vec![
            ("DUTYDESK_DISPATCH_LINK", url.clone()),
            ("DUTYDESK_DISPATCH_CASE", case.number.clone()),
            ("DUTYDESK_DISPATCH_RESPONDER", responder),
            ("DUTYDESK_DISPATCH_PHONE", phone),
            ("DUTYDESK_DISPATCH_GRID", case.grid.to_string()),
            ("DUTYDESK_DISPATCH_PLACE", case.place.clone()),
        ];
        Ok(Some(DispatchLink {
            url,
            env,
            command: self.config.serve.on_dispatch.clone(),
            limit: std::time::Duration::from_secs(
                self.config.alerts.on_alert_timeout_seconds.0.unsigned_abs(),
            ),
        }))
    }

    pub fn link_days(&self) -> i64 {
        self.config.serve.link_days.0
    }

    /// The address a token's page is at.
    pub fn link_url(&self, role: LinkRole, token: &str) -> String {
        let path = match role {
            LinkRole::Responder => "r",
            LinkRole::Reporter => "c",
        };
        format!("{}/{path}/{token}", self.config.serve.base_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_token_shaped_string_is_hashed() {
        let token = new_token().expect("random");
        assert_eq!(token.len(), TOKEN_CHARS);
        let h = hash(&token).expect("a token");
        assert_eq!(h.len(), 64);
        assert_ne!(hash(&new_token().expect("random")), Some(h));
        for bad in [
            "",
            "short",
            "!!!!!!!!!!!!!!!!!!!!!!",
            &format!("{token}A"),
            "../../etc/passwd",
        ] {
            assert_eq!(hash(bad), None, "{bad}");
        }
    }
}
