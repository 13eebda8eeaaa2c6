//! Whom to send for a case: the domain's ranking fed with the roster, the open cases and the
//! grid's and the people's recent dispatches (indexed reads, never a scan of the history).

use chrono::{DateTime, Duration, Utc};

use super::{Desk, DeskError};
use crate::domain::Case;
use crate::domain::recommend::{HISTORY_DAYS, Person, Recommendation, recommend};
use crate::store::{CaseFilter, Store};

/// A case and whom the desk suggests sending to it.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub case: Case,
    pub deadline: DateTime<Utc>,
    pub recommendation: Recommendation,
}

/// The people who could go, each with the open case they are on (other than `case`).
pub fn people(roster: &[crate::catalog::Responder], open: &[Case], case: &str) -> Vec<Person> {
    // Sent to this case already (a re-dispatch) is not being busy elsewhere.
    let others: Vec<Case> = open.iter().filter(|c| c.number != case).cloned().collect();
    roster
        .iter()
        .map(|r| Person {
            name: r.name.clone(),
            home: r.grid,
            on_duty: r.on_duty,
            busy_with: crate::domain::case::job_of(&others, &r.name).map(|c| c.number.clone()),
        })
        .collect()
}

impl Desk {
    /// Whom to send to case `number` now.
    pub async fn suggest(&self, number: &str, now: DateTime<Utc>) -> Result<Suggestion, DeskError> {
        let case = self.store.case(number).await?;
        let roster = self.store.responders().await?;
        let open = self
            .store
            .cases(&CaseFilter {
                open_only: true,
                ..CaseFilter::default()
            })
            .await?;
        let people = people(&roster, &open, &case.number);
        let names: Vec<String> = people
            .iter()
            .filter(|p| p.on_duty)
            .map(|p| p.name.clone())
            .collect();
        let since = now - Duration::days(HISTORY_DAYS);
        let history = self
            .store
            .dispatch_history(case.grid, &names, since)
            .await?;
        let targets = self.targets();
        let deadline = targets.arrival_deadline(&case);
        let day_start = targets.start_of_local_day(self.local_day(now));
        let recommendation = recommend(
            case.grid,
            deadline,
            &people,
            &history,
            &self.catalog.neighbours(),
            day_start,
            now,
        );
        Ok(Suggestion {
            case,
            deadline,
            recommendation,
        })
    }
}
