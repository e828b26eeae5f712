//! The 2024 edition's matching: one run over the selected challenges and providers with the
//! 2024 settings (two providers per challenge, one challenge per provider), confirmed and
//! published by staff. No pair is locked: the run itself pairs them as the 2024 programme did
//! (Brazil with the NYC Civic Engagement Commission and the Greater London Authority, France with
//! LOTI and the Data Room, Italy with Digdir and the ICT Guild, Spain with Government Lab Chile and
//! ESDC), which `tests/api/matching.rs` checks. Then a few comments of the advisory board: an
//! internal note on Brazil's match, and on France's a shared comment (edited once) that the
//! French team answered.

use crate::advisory;
use crate::advisory::domain::{Audience, SubjectKind};
use crate::db::wall::TenantTx;
use crate::ids::UserId;
use crate::matching;
use crate::matching::domain::RunSettings;
use crate::programmes;

/// Who writes the demo's comments: the advisor, and the French challenge owner's team member.
pub struct Commenters {
    pub advisor: UserId,
    pub france_team: UserId,
}

pub async fn load(
    db: &mut TenantTx,
    programme_slug: &str,
    staff: UserId,
    commenters: &Commenters,
) -> anyhow::Result<()> {
    let programme = programmes::seed::programme(db, programme_slug)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo programme is missing"))?;
    if matching::seed::run_count(db, &programme).await? > 0 {
        return Ok(());
    }
    let settings = RunSettings { k: 2, c: 1, ..RunSettings::default() };
    matching::seed::run_and_publish(db, &programme, &settings, staff)
        .await
        .map_err(|e| anyhow::anyhow!("the demo's matching run: {e:?}"))?;
    let matches = matching::seed::published_by_owner_country(db, &programme).await?;
    let of = |country: &str| {
        matches
            .iter()
            .find(|(_, c)| c == country)
            .map(|(id, _)| (SubjectKind::Match, id.0))
            .ok_or_else(|| anyhow::anyhow!("the demo has no match for {country}"))
    };
    let advisor = (commenters.advisor, Audience::Internal);
    advisory::seed::comment(
        db,
        of("BR")?,
        None,
        advisor,
        "Both providers reached residents *offline* as well as online. Worth asking them early how \
         they recruited people who never answer a consultation.",
    )
    .await?;
    let shared = (commenters.advisor, Audience::Shared);
    let france = of("FR")?;
    let advice = advisory::seed::comment(
        db,
        france,
        None,
        shared,
        "A suggestion for your first call: LOTI's data-sharing work with London boroughs.",
    )
    .await?;
    advisory::seed::edit(
        db,
        advice,
        "A suggestion for your first call: ask LOTI how London boroughs agreed to share data, and \
         the Data Room how it explains data spaces to the public. The OECD's \
         [Open, Useful and Re-usable data](https://www.oecd.org/gov/digital-government/) work may help \
         frame it.",
    )
    .await?;
    advisory::seed::comment(
        db,
        france,
        Some(advice),
        (commenters.france_team, Audience::Shared),
        "Thank you. We have put both questions on the agenda of our first call.",
    )
    .await?;
    Ok(())
}
