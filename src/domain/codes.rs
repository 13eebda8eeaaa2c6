//! The closed vocabularies of the desk: tiers, states, channels, roles, how an arrival was confirmed.
//! Each has a stable code (used in the database, the CLI and JSON) and names in i18n.

/// Declares a closed vocabulary with stable codes, parsing that lists what is allowed, and serde.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, UnknownCode> {
                Self::from_code(s.trim()).ok_or_else(|| UnknownCode {
                    what: $what,
                    got: s.to_string(),
                    allowed: Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A code that is not in its vocabulary; the message lists the ones that are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{got}`; allowed: {allowed}")]
pub struct UnknownCode {
    pub what: &'static str,
    pub got: String,
    pub allowed: String,
}

code_enum!(
    /// How much the matter needs: fixed now, by consultation, or called up (小事/中事/大事).
    Tier, "tier" { Small = "small", Medium = "medium", Big = "big" }
);

code_enum!(
    /// Where a case is in its lifecycle.
    State, "state" {
        Reported = "reported",
        Dispatched = "dispatched",
        OnScene = "on_scene",
        Resolved = "resolved",
        Cancelled = "cancelled",
        // Another report of a matter already open: its case counts it, not a problem of its own.
        Joined = "joined",
    }
);

impl State {
    pub fn is_open(self) -> bool {
        matches!(self, State::Reported | State::Dispatched | State::OnScene)
    }
}

code_enum!(
    /// How a report came in.
    Channel, "channel" {
        Hotline = "hotline",
        WechatGroup = "wechat_group",
        QqGroup = "qq_group",
        OfficialAccount = "official_account",
        SuggestionBox = "suggestion_box",
        Patrol = "patrol",
        HomeVisit = "home_visit",
        Meeting = "meeting",
        WalkIn = "walk_in",
        // The city's 12345 service hotline and a WeChat mini-program hand reports on (Open311).
        Hotline12345 = "hotline_12345",
        MiniProgram = "mini_program",
    }
);

impl Channel {
    /// The seed counts a problem as resident-reported unless staff found it themselves
    /// (on patrol, or on a grid worker's home visit).
    pub fn resident_reported(self) -> bool {
        !matches!(self, Channel::Patrol | Channel::HomeVisit)
    }
}

code_enum!(
    /// Who a responder is in the community's organisation.
    Role, "role" {
        GridWorker = "grid_worker",
        Cadre = "cadre",
        GroupLeader = "group_leader",
        CityManagement = "city_management",
        PartyVolunteer = "party_volunteer",
        RedArmband = "red_armband",
        PropertyManagement = "property_management",
    }
);

code_enum!(
    /// What an alert is about: a clock about to miss its target, or past it; on the
    /// sub-district's desk, a new call-up, or one nobody above has taken in time.
    AlertKind, "alert kind" {
        ArrivalWarning = "arrival_warning",
        ArrivalOverdue = "arrival_overdue",
        ResolutionWarning = "resolution_warning",
        ResolutionOverdue = "resolution_overdue",
        CallUpNew = "call_up_new",
        CallUpWaiting = "call_up_waiting",
        NoAnswer = "no_answer",
        CallUpAsked = "call_up_asked",
    }
);

code_enum!(
    /// The clock an acknowledgement silences: arrival, or resolution once on the scene.
    ClockKind, "clock" { Arrival = "arrival", Resolution = "resolution" }
);

code_enum!(
    /// How the desk knows someone is on the scene.
    ArrivalHow, "arrival confirmation" {
        Callback = "callback",
        Photo = "photo",
        SelfReport = "self_report",
        Seen = "seen",
        Phone = "phone",
    }
);

impl ArrivalHow {
    /// The ways an officer can key in. `Phone` is the responder's tap on their link
    /// (`dutydesk serve`), at the server's time: it comes only from the phone.
    pub const KEYED: &'static [ArrivalHow] = &[
        ArrivalHow::Callback,
        ArrivalHow::Photo,
        ArrivalHow::SelfReport,
        ArrivalHow::Seen,
    ];
}

code_enum!(
    /// Whom a web link is for: the responder sent to a case, or the resident who reported it.
    LinkRole, "link role" { Responder = "responder", Reporter = "reporter" }
);

code_enum!(
    /// What an event in a case's timeline records.
    EventKind, "event kind" {
        Reported = "reported",
        Dispatched = "dispatched",
        Arrived = "arrived",
        CalledUp = "called_up",
        TierSet = "tier_set",
        Noted = "noted",
        Resolved = "resolved",
        Told = "told",
        Cancelled = "cancelled",
        Reopened = "reopened",
        Undone = "undone",
        Acknowledged = "acknowledged",
        Received = "received",
        ReportedAgain = "reported_again",
        Joined = "joined",
        Split = "split",
        SplitOff = "split_off",
    }
);

code_enum!(
    /// The two patrols of a grid each day (一日双巡).
    PatrolSlot, "patrol" { Morning = "morning", Afternoon = "afternoon" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_lists_allowed() {
        for c in Channel::ALL {
            assert_eq!(c.code().parse::<Channel>(), Ok(*c));
        }
        let err = "fax".parse::<Channel>().unwrap_err();
        assert!(err.to_string().contains("unknown channel `fax`"));
        assert!(err.to_string().contains("wechat_group"));
    }

    #[test]
    fn staff_findings_are_not_resident_reported() {
        assert!(!Channel::Patrol.resident_reported());
        assert!(!Channel::HomeVisit.resident_reported());
        assert!(Channel::Hotline.resident_reported());
        assert!(Channel::SuggestionBox.resident_reported());
    }
}
