//! Events and territorial-control records: what the text says happened, in
//! ACLED's vocabulary, and who held which place. Like claims, each is
//! somebody's report, carried with its attribution chain.

use crate::{Attribution, PlaceMention, Quantity, Span, TimeExpr};

/// ACLED's six event types, named exactly as in ACLED's codebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    Battles,
    ExplosionsRemoteViolence,
    ViolenceAgainstCivilians,
    Protests,
    Riots,
    StrategicDevelopments,
}

impl EventType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}

/// ACLED's 25 sub-event types; each belongs to exactly one [`EventType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubEventType {
    ArmedClash,
    GovernmentRegainsTerritory,
    NonStateActorOvertakesTerritory,
    ChemicalWeapon,
    AirDroneStrike,
    SuicideBomb,
    ShellingArtilleryMissileAttack,
    RemoteExplosiveLandmineIed,
    Grenade,
    PeacefulProtest,
    ProtestWithIntervention,
    ExcessiveForceAgainstProtesters,
    ViolentDemonstration,
    MobViolence,
    Agreement,
    Arrests,
    ChangeToGroupActivity,
    DisruptedWeaponsUse,
    HeadquartersOrBaseEstablished,
    LootingPropertyDestruction,
    NonViolentTransferOfTerritory,
    Other,
    SexualViolence,
    Attack,
    AbductionForcedDisappearance,
}

impl SubEventType {
    pub const ALL: [SubEventType; 25] = [
        SubEventType::ArmedClash,
        SubEventType::GovernmentRegainsTerritory,
        SubEventType::NonStateActorOvertakesTerritory,
        SubEventType::ChemicalWeapon,
        SubEventType::AirDroneStrike,
        SubEventType::SuicideBomb,
        SubEventType::ShellingArtilleryMissileAttack,
        SubEventType::RemoteExplosiveLandmineIed,
        SubEventType::Grenade,
        SubEventType::PeacefulProtest,
        SubEventType::ProtestWithIntervention,
        SubEventType::ExcessiveForceAgainstProtesters,
        SubEventType::ViolentDemonstration,
        SubEventType::MobViolence,
        SubEventType::Agreement,
        SubEventType::Arrests,
        SubEventType::ChangeToGroupActivity,
        SubEventType::DisruptedWeaponsUse,
        SubEventType::HeadquartersOrBaseEstablished,
        SubEventType::LootingPropertyDestruction,
        SubEventType::NonViolentTransferOfTerritory,
        SubEventType::Other,
        SubEventType::SexualViolence,
        SubEventType::Attack,
        SubEventType::AbductionForcedDisappearance,
    ];

    /// The sub-event type's name as ACLED spells it (ACLED's own
    /// "protesters" spelling in its category table is kept).
    pub fn as_str(&self) -> &'static str {
        match self {
            SubEventType::ArmedClash => "Armed clash",
            SubEventType::GovernmentRegainsTerritory => "Government regains territory",
            SubEventType::NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
            SubEventType::ChemicalWeapon => "Chemical weapon",
            SubEventType::AirDroneStrike => "Air/drone strike",
            SubEventType::SuicideBomb => "Suicide bomb",
            SubEventType::ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
            SubEventType::RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
            SubEventType::Grenade => "Grenade",
            SubEventType::PeacefulProtest => "Peaceful protest",
            SubEventType::ProtestWithIntervention => "Protest with intervention",
            SubEventType::ExcessiveForceAgainstProtesters => "Excessive force against protesters",
            SubEventType::ViolentDemonstration => "Violent demonstration",
            SubEventType::MobViolence => "Mob violence",
            SubEventType::Agreement => "Agreement",
            SubEventType::Arrests => "Arrests",
            SubEventType::ChangeToGroupActivity => "Change to group/activity",
            SubEventType::DisruptedWeaponsUse => "Disrupted weapons use",
            SubEventType::HeadquartersOrBaseEstablished => "Headquarters or base established",
            SubEventType::LootingPropertyDestruction => "Looting/property destruction",
            SubEventType::NonViolentTransferOfTerritory => "Non-violent transfer of territory",
            SubEventType::Other => "Other",
            SubEventType::SexualViolence => "Sexual violence",
            SubEventType::Attack => "Attack",
            SubEventType::AbductionForcedDisappearance => "Abduction/forced disappearance",
        }
    }

    pub fn event_type(&self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
        }
    }

    /// Parses ACLED's sub-event name (as [`as_str`](Self::as_str) writes it).
    pub fn parse(s: &str) -> Option<SubEventType> {
        SubEventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A party to an event or to a place's control, as the text names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// An actor id from attribution's actors (`az.armed_forces`, `am.side`)
    /// or an ISO 3166-1 alpha-2 code when only a country is known.
    pub id: String,
    /// The mention as written: "the Armenian side", "Armenian occupation".
    pub name: String,
    /// Where the text names this party.
    pub span: Span,
    /// True when the party is not named in the record's own sentence but
    /// taken from elsewhere in the document (an occupier named in the body
    /// for a heading's "occupation").
    pub inferred: bool,
}

/// One event as a document reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable id derived from the document id and the trigger's span.
    pub id: String,
    pub doc: String,
    /// The trigger phrase's span.
    pub span: Span,
    pub sentence_span: Span,
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    /// The trigger as written: "heavy fire", "counter-attack", "liberated".
    pub trigger: String,
    /// Who did it, where the text says so.
    pub actor1: Option<Party>,
    /// To whom, where the text says so.
    pub actor2: Option<Party>,
    pub places: Vec<PlaceMention>,
    pub time: Option<TimeExpr>,
    /// Who says it happened, outermost (the outlet) first.
    pub attribution: Vec<Attribution>,
    /// Ids of the claims stated in the event's clause (else its sentence).
    pub claims: Vec<String>,
}

impl Event {
    pub fn make_id(doc: &str, span: Span) -> String {
        crate::content_id(&[
            b"event",
            doc.as_bytes(),
            &(span.start as u64).to_le_bytes(),
            &(span.end as u64).to_le_bytes(),
        ])
    }
}

/// Whether a control record states who holds a place or that control changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControlKind {
    /// A standing position: a list or table the outlet keeps ("X: date,
    /// territory N km2; Y: …"), usually in a template block.
    Standing,
    /// A report that control changed: "liberated", "captured", "occupied".
    Change,
}

impl ControlKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ControlKind::Standing => "standing",
            ControlKind::Change => "change",
        }
    }
}

/// Who controls a place, according to someone.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlRecord {
    /// Stable id derived from the document id and the place's span.
    pub id: String,
    pub doc: String,
    /// The clause that states the record (the evidence).
    pub span: Span,
    pub place: PlaceMention,
    /// The party that held the place before, where the text says so.
    pub before: Option<Party>,
    /// The party holding it after (or now, for a standing position).
    pub after: Option<Party>,
    /// The wording kept as said: "occupation", "liberated", "captured".
    pub wording: String,
    pub wording_span: Span,
    pub time: Option<TimeExpr>,
    /// The area concerned, from the claim that states it.
    pub area: Option<Quantity>,
    /// The id of that claim.
    pub claim: Option<String>,
    pub attribution: Vec<Attribution>,
    pub kind: ControlKind,
}

impl ControlRecord {
    pub fn make_id(doc: &str, span: Span) -> String {
        crate::content_id(&[
            b"control",
            doc.as_bytes(),
            &(span.start as u64).to_le_bytes(),
            &(span.end as u64).to_le_bytes(),
        ])
    }
}
