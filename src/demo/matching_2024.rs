//! The 2024 edition's matching: one run over the selected challenges and providers with the
//! 2024 settings (two providers per challenge, one challenge per provider), confirmed and
//! published by staff. No pair is locked: the run itself pairs them as the 2024 programme did
//! (Brazil with the NYC Civic Engagement Commission and the Greater London Authority, France with
//! LOTI and the Data Room, Italy with Digdir and the ICT Guild, Spain with Government Lab Chile and
//! ESDC), which `tests/api/matching.rs` checks.

use crate::db::wall::TenantTx;
use crate::ids::UserId;
use crate::matching;
use crate::matching::domain::RunSettings;
use crate::programmes;

pub async fn load(db: &mut TenantTx, programme_slug: &str, staff: UserId) -> anyhow::Result<()> {
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
    Ok(())
}
